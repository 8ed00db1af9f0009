-- Pairs of rollouts offered for votes and the raw vote events (DESIGN.md section 9). A vote event with a null
-- choice withdraws the voter's vote; the live vote of a voter is their latest event on the comparison.

create table comparisons (
    id              uuid primary key,
    search_id       uuid   not null references searches (id) on delete cascade,
    restart         int    not null,
    iteration       int    not null,
    seed            bigint not null,
    left_candidate  uuid   not null references candidates (id) on delete cascade,
    right_candidate uuid   not null references candidates (id) on delete cascade,
    created_at      timestamptz not null default now(),
    unique (search_id, restart, iteration, seed, left_candidate, right_candidate)
);
create index comparisons_search on comparisons (search_id, restart, iteration);

create table vote_events (
    id            bigserial primary key,
    comparison_id uuid         not null references comparisons (id) on delete cascade,
    voter_id      bigint       not null,
    voter         varchar(64)  not null,
    choice        varchar(8)   check (choice in ('left', 'right', 'tie')),
    comment       varchar(2000),
    at            timestamptz  not null default now()
);
create index vote_events_comparison on vote_events (comparison_id, voter_id, id);

-- Team notes on candidates (Eureka-HF's human reflection): free text by a voter; they enter the next prompt.
create table notes (
    id           bigserial primary key,
    candidate_id uuid          not null references candidates (id) on delete cascade,
    author       varchar(64)   not null,
    text         varchar(2000) not null,
    created_at   timestamptz   not null default now()
);
create index notes_candidate on notes (candidate_id, id);
