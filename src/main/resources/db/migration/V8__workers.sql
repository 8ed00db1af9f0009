-- Who trained a candidate's latest attempt: 'local' for the server's own pool, else a worker's name
-- (docs/architecture.md, Workers). Null until a training started.
alter table candidates add column worker text;
