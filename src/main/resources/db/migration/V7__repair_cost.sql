-- Repair before training and the human reflection (docs/llm.md, Repair and Human reflection).

-- The cost of the repair exchanges that led to a candidate's response (its share of the sampling exchange is
-- computed from llm_exchanges).
alter table candidates add column repair_cost double precision not null default 0;
