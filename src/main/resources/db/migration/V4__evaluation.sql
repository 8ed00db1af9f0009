-- The final evaluation of each search (JSON of dev.rewardsmith.search.Evaluation) and the cache of evaluation
-- trainings shared by all searches: key = SHA-256 of (task, normalized reward, PPO config, seed, initial policy).

alter table searches add column evaluation text;

create table evaluation_trainings (
    key        char(64) primary key,
    task       varchar(64)      not null,
    fitness    double precision not null,
    created_at timestamptz      not null default now()
);
