/** A text field of a submitted form ('' when absent: a file input is read with `formFile`). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function formFile(form: FormData, name: string): File | null {
  const value = form.get(name);
  return value instanceof File ? value : null;
}
