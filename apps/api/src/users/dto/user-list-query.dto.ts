import { PaginationQueryDto } from '@recway/common';

export class UserListQueryDto extends PaginationQueryDto {}
