# shellcheck shell=bash
# Sourced by backup_db.sh and restore_db.sh: the app's DATABASE_URL forms as a libpq URL.
# The caller defines die().

# Percent-decoding for the password; backslashes are doubled first so printf %b only sees our \x.
urldecode() { local s=${1//\\/\\\\}; printf '%b' "${s//%/\\x}"; }

# The app's URL forms -> a libpq URL. postgresql+asyncpg:// loses its driver part, SQLAlchemy-only
# parameters are dropped, ssl=<mode> becomes sslmode=<mode>. The password moves to PGPASSWORD so it
# never shows in argv (ps) or in any message. Sets LIBPQ_URL.
to_libpq_url() {
  local url=$1 rest query='' authority path='' userinfo parts=() params=() part key value
  case "$url" in
    postgresql://* | postgres://* | postgresql+*://* | postgres+*://*) ;;
    *) die "DATABASE_URL must start with postgresql://, postgres:// or postgresql+<driver>://" ;;
  esac
  rest=${url#*://}
  if [[ "$rest" == *\?* ]]; then query=${rest#*\?}; rest=${rest%%\?*}; fi
  authority=${rest%%/*}
  if [[ "$rest" == */* ]]; then path=/${rest#*/}; fi
  if [[ "$authority" == *@* ]]; then
    userinfo=${authority%@*}        # up to the last @: a raw @ in the password stays in it
    authority=${authority##*@}
    if [[ "$userinfo" == *:* ]]; then
      PGPASSWORD=$(urldecode "${userinfo#*:}")
      export PGPASSWORD
    fi
    authority="${userinfo%%:*}@${authority}"
  fi
  IFS='&' read -r -a parts <<<"$query"
  for part in "${parts[@]}"; do
    [[ -n "$part" ]] || continue
    key=${part%%=*}
    value=${part#*=}
    case "$key" in
      pool_size | max_overflow | pool_timeout | pool_recycle) ;; # SQLAlchemy's pool, not libpq's
      ssl)
        case "$value" in
          true | 1) value=require ;;
          false | 0) value=disable ;;
          disable | allow | prefer | require | verify-ca | verify-full) ;;
          *) die "unsupported ssl=${value} in DATABASE_URL" ;;
        esac
        params+=("sslmode=${value}")
        ;;
      *) params+=("$part") ;;
    esac
  done
  LIBPQ_URL="postgresql://${authority}${path}"
  if ((${#params[@]})); then LIBPQ_URL+="?$(IFS='&'; echo "${params[*]}")"; fi
}
