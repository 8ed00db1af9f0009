-- Eureka with human feedback (docs/llm.md, Human reflection): per restart and iteration, the reflection a search
-- waited for before proposing that iteration. The search writes the row (parent candidate, its automatic
-- reflection, awaiting = true) when the wait begins and clears awaiting when it ends; a voter's text is accepted
-- only while awaiting and no text was written, so a text is written once and never lost.
create table human_reflections (
    search_id    uuid         not null references searches (id) on delete cascade,
    restart      int          not null,
    iteration    int          not null,
    candidate_id uuid         not null references candidates (id) on delete cascade,
    automatic    text         not null,
    awaiting     boolean      not null,
    text         varchar(8000),
    author_id    bigint,
    author       varchar(64),
    awaited_at   timestamptz  not null default now(),
    written_at   timestamptz,
    primary key (search_id, restart, iteration)
);
