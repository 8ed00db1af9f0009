-- Jobs the server handed to the broker and still follows (docs/architecture.md, Workers): a restarted server
-- accepts the reports of the jobs an earlier run of it sent and follows them again instead of sending them twice.
-- A row goes when the job's result is stored or the job is withdrawn.
create table broker_jobs (
    job_id    uuid primary key,
    training  text        not null, -- a candidate's id, or an evaluation training's key
    attempt   int         not null,
    run       text,                 -- the run (delivery) followed; null until a worker started the job
    sent_at   timestamptz not null default now()
);
create index broker_jobs_training on broker_jobs (training, attempt);
