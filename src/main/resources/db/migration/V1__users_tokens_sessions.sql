-- Users, API tokens and browser sessions (DESIGN.md section 14).

create table users (
    id            bigserial primary key,
    name          varchar(64)  not null unique,
    password_hash varchar(100) not null,
    role          varchar(16)  not null check (role in ('admin', 'operator', 'voter', 'viewer')),
    disabled      boolean      not null default false,
    created_at    timestamptz  not null default now()
);

-- Secrets are never stored: only the SHA-256 of the random token.
create table api_tokens (
    id           uuid primary key,
    user_id      bigint       not null references users (id) on delete cascade,
    name         varchar(64)  not null,
    role         varchar(16)  not null check (role in ('admin', 'operator', 'voter', 'viewer')),
    secret_hash  char(64)     not null unique,
    created_at   timestamptz  not null default now(),
    expires_at   timestamptz  not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_tokens_user on api_tokens (user_id);

-- Browser sessions: the cookie holds a random id whose SHA-256 is the key; csrf is the double-submit value.
create table web_sessions (
    id_hash    char(64)    primary key,
    user_id    bigint      not null references users (id) on delete cascade,
    csrf       varchar(64) not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);
create index web_sessions_user on web_sessions (user_id);
