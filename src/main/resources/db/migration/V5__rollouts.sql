-- Recorded episodes of each trained candidate's best checkpoint on the search's rollout seeds (DESIGN.md
-- section 9). data is the gzip of the rollout's JSON: component names, per step state, action, reward,
-- components, and the frame's drawing primitives.

create table rollouts (
    id           uuid primary key,
    candidate_id uuid             not null references candidates (id) on delete cascade,
    seed         bigint           not null,
    steps        int              not null,
    fitness      double precision not null,
    data         bytea            not null,
    created_at   timestamptz      not null default now(),
    unique (candidate_id, seed)
);
