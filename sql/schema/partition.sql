-- costagg: create one monthly partition of a Koku table, and record it, the way Koku does.
-- Follows koku_integration.md §3.4 ("missing partitions are registered through partitioned_tables as Koku
-- does") and Koku's koku/koku/pg_partition.py (get_or_create_partition, PartitionHandlerMixin),
-- koku/masu/processor/report_parquet_processor_base.py (get_or_create_postgres_partition),
-- koku/reporting/partition/models.py and the trigger function behind tr_partition_manager, read at
-- koku@768be825. docs/koku_partitions.md explains the recipe.
--
-- Not run by init-db. A writer runs it once per (table, month) before its data transaction, in its own short
-- transaction. Placeholders:
--   schema  the tenant schema as a quoted identifier ("org1234567")
--   table   the partitioned parent, bare lower-case name (reporting_ocpusagelineitem_daily_summary)
--   yyyy    4-digit year, mm 2-digit month (02): the partition is <table>_<yyyy>_<mm>
--   from    first day of that month, to: first day of the next month, both 'YYYY-MM-DD'
-- Every table it is meant for is range-partitioned on usage_start.
--
-- What it does, as one atomic statement (safe to repeat, safe in a schema with or without Koku's trigger):
--   1. Nothing to create when <table>_<yyyy>_<mm> already exists. Otherwise, holding a self-conflicting lock
--      on the parent (so two writers do not race; plain reads and writes of the parent are not blocked):
--   2. make sure the parent has a default partition (<table>_default), as Koku's get_or_create_partition does;
--   3. create the partition FOR VALUES FROM (from) TO (to). When the default partition already holds rows of
--      that month, Koku moves them into the new partition; this does the same (create the table detached,
--      move the rows, attach it), since PostgreSQL refuses a new partition that such rows would violate.
--   4. record both in partitioned_tables exactly as Koku's Python does, only when missing. In a Koku
--      schema the insert fires tr_partition_manager, whose CREATE TABLE IF NOT EXISTS then finds the table
--      already there and does nothing.
DO $costagg_partition$
DECLARE
    v_parent  oid;
    v_nsp     oid;
    v_schema  name;
    v_default oid;
    v_name    text := '{{table}}_{{yyyy}}_{{mm}}';
    v_from    date := '{{from}}';
    v_to      date := '{{to}}';
    v_moved   bigint := 0;
BEGIN
    IF '{{yyyy}}' !~ '^[0-9]{4}$' OR '{{mm}}' !~ '^(0[1-9]|1[0-2])$' THEN
        RAISE EXCEPTION 'partition %: year must be 4 digits and month 2 digits (01-12)', v_name;
    END IF;
    IF v_from <> to_date('{{yyyy}}-{{mm}}-01', 'YYYY-MM-DD') OR v_to <> (v_from + interval '1 month')::date THEN
        RAISE EXCEPTION 'partition %: bounds % to % are not that calendar month', v_name, v_from, v_to;
    END IF;

    -- The parent's oid and schema name, resolved from the quoted identifier without putting it in a literal.
    SELECT t.typrelid, t.typnamespace INTO v_parent, v_nsp
      FROM pg_catalog.pg_type AS t
     WHERE t.oid = pg_typeof(NULL::{{schema}}.{{table}});
    SELECT n.nspname INTO v_schema FROM pg_catalog.pg_namespace AS n WHERE n.oid = v_nsp;

    SELECT p.partdefid INTO v_default FROM pg_catalog.pg_partitioned_table AS p WHERE p.partrelid = v_parent;

    IF to_regclass(format('%I.%I', v_schema, v_name)) IS NULL THEN
        LOCK TABLE {{schema}}.{{table}} IN SHARE UPDATE EXCLUSIVE MODE;

        SELECT p.partdefid INTO v_default FROM pg_catalog.pg_partitioned_table AS p WHERE p.partrelid = v_parent;
        IF v_default IS NULL OR v_default = 0 THEN
            CREATE TABLE IF NOT EXISTS {{schema}}.{{table}}_default PARTITION OF {{schema}}.{{table}} DEFAULT;
            SELECT p.partdefid INTO v_default FROM pg_catalog.pg_partitioned_table AS p WHERE p.partrelid = v_parent;
        END IF;

        -- Checked again under the lock: another writer may have created it meanwhile.
        IF to_regclass(format('%I.%I', v_schema, v_name)) IS NULL THEN
            EXECUTE format('SELECT count(*) FROM %s WHERE usage_start >= $1 AND usage_start < $2',
                           v_default::regclass)
               INTO v_moved USING v_from, v_to;
            IF v_moved = 0 THEN
                CREATE TABLE {{schema}}.{{table}}_{{yyyy}}_{{mm}}
                    PARTITION OF {{schema}}.{{table}} FOR VALUES FROM ('{{from}}') TO ('{{to}}');
            ELSE
                CREATE TABLE {{schema}}.{{table}}_{{yyyy}}_{{mm}} (LIKE {{schema}}.{{table}} INCLUDING DEFAULTS);
                EXECUTE format('WITH moved AS (DELETE FROM %s WHERE usage_start >= $1 AND usage_start < $2'
                               ' RETURNING *) INSERT INTO %I.%I SELECT * FROM moved',
                               v_default::regclass, v_schema, v_name)
                  USING v_from, v_to;
                ALTER TABLE {{schema}}.{{table}}
                    ATTACH PARTITION {{schema}}.{{table}}_{{yyyy}}_{{mm}} FOR VALUES FROM ('{{from}}') TO ('{{to}}');
                RAISE NOTICE 'partition %.%: moved % rows out of the default partition', v_schema, v_name, v_moved;
            END IF;
        END IF;
    END IF;

    -- Koku's tracking rows: the default partition ({"default": true}) and the month
    -- ({"default": false, "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}), type 'range', column usage_start, active.
    INSERT INTO {{schema}}.partitioned_tables
           (schema_name, table_name, partition_of_table_name, partition_type, partition_col,
            partition_parameters, active)
    SELECT v_schema, c.relname, '{{table}}', 'range', 'usage_start', '{"default": true}'::jsonb, true
      FROM pg_catalog.pg_class AS c
     WHERE c.oid = v_default AND c.relname = '{{table}}_default'
       AND NOT EXISTS (SELECT 1 FROM {{schema}}.partitioned_tables AS known
                        WHERE known.schema_name = v_schema AND known.table_name = c.relname)
    ON CONFLICT (schema_name, table_name) DO NOTHING;

    INSERT INTO {{schema}}.partitioned_tables
           (schema_name, table_name, partition_of_table_name, partition_type, partition_col,
            partition_parameters, active)
    SELECT v_schema, v_name, '{{table}}', 'range', 'usage_start',
           jsonb_build_object('default', false,
                              'from', to_char(v_from, 'YYYY-MM-DD'),
                              'to', to_char(v_to, 'YYYY-MM-DD')),
           true
     WHERE NOT EXISTS (SELECT 1 FROM {{schema}}.partitioned_tables AS known
                        WHERE known.schema_name = v_schema AND known.table_name = v_name)
    ON CONFLICT (schema_name, table_name) DO NOTHING;
END
$costagg_partition$;
