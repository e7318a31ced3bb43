-- Issue 18: what each group of the tickets' indexes costs PostgreSQL on insert, per row (stop 33).
-- Against a desk's database (its server running or not), nothing kept: every insert and every dropped
-- index is rolled back. Nine-row inserts as the intake makes them, from a PL/pgSQL loop (no client round
-- trips, no planning), 600 batches a phase; four rounds, each dropping the three groups in another order;
-- a group's cost is how much a row got cheaper when it went. Prints one NOTICE a phase (µs a row).
--   psql "postgres://servicedesk:servicedesk@127.0.0.1:PORT/servicedesk" -q -f bench/pace/tickets-index-cost.sql 2>&1 | grep NOTICE
-- Takes exclusive locks on tickets while it runs: not on a desk in use.
\set ON_ERROR_STOP 1
begin;
create or replace function pg_temp.burst(round int, phase text, batches int) returns void language plpgsql as $$
declare t0 timestamptz; src tickets%rowtype;
begin
  select * into src from tickets order by id desc limit 1;
  t0 := clock_timestamp();
  for i in 1..batches loop
    insert into tickets (type, subject, description, channel, impact, urgency, priority, status, requester_id, organization_id, category_id, tags)
    select src.type, src.subject || ' ' || i || '-' || g, src.description, src.channel, src.impact, src.urgency, src.priority, 'new',
           src.requester_id, src.organization_id, src.category_id, src.tags from generate_series(1, 9) g;
  end loop;
  raise notice 'R % | % | %', round, phase, round((extract(epoch from clock_timestamp() - t0) * 1e6 / (batches * 9))::numeric, 1);
end $$;
-- Drops one group of indexes (its phase name says which), then measures a phase without it.
create or replace function pg_temp.without(round int, phase text, batches int) returns void language plpgsql as $$
begin
  execute case phase
    when '- the 5 open partial' then 'drop index tickets_open_created_idx, tickets_open_team_idx, tickets_open_assignee_idx, tickets_open_priority_idx, tickets_open_unassigned_idx'
    when '- the 9 list btrees' then 'drop index tickets_created_idx, tickets_status_created_idx, tickets_team_created_idx, tickets_assignee_created_idx, tickets_requester_created_idx, tickets_org_created_idx, tickets_updated_idx, tickets_priority_created_idx, tickets_category_idx'
    when '- the subject trigram gin' then 'drop index tickets_subject_trgm_idx'
  end;
  perform pg_temp.burst(round, phase, batches);
end $$;
-- One round: all indexes, then the groups dropped one after the other in the order given; then
-- undone: its own error (SD001) at the end rolls the block back, inserts and drops alike (its notices stay
-- printed); any other error stops the script.
create or replace function pg_temp.round(round int, groups text[], batches int) returns void language plpgsql as $$
declare phase text;
begin
  perform pg_temp.burst(round, 'all 19 indexes', batches);
  foreach phase in array groups loop
    perform pg_temp.without(round, phase, batches);
  end loop;
  raise exception using errcode = 'SD001', message = 'undo the round';
exception when sqlstate 'SD001' then
  null;
end $$;
select pg_temp.burst(0, 'warm-up', 200);
select pg_temp.round(1, array['- the 5 open partial', '- the 9 list btrees', '- the subject trigram gin'], 600);
select pg_temp.round(2, array['- the subject trigram gin', '- the 9 list btrees', '- the 5 open partial'], 600);
select pg_temp.round(3, array['- the 9 list btrees', '- the 5 open partial', '- the subject trigram gin'], 600);
select pg_temp.round(4, array['- the 5 open partial', '- the subject trigram gin', '- the 9 list btrees'], 600);
select indexrelid::regclass as index from pg_index where indrelid = 'tickets'::regclass order by 1;
rollback;
