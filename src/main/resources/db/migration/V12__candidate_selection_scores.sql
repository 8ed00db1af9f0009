-- F of a candidate re-scored on the search's selection seeds, one per seed, the first being its training's F; null
-- for a training not (yet) done; empty when the candidate was not re-scored (docs/architecture.md, Search)
alter table candidates add column selection_scores text not null default '[]';
