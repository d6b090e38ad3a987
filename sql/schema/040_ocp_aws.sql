-- costagg init-db, group 040: OpenShift-on-AWS project daily summary and its 8 UI summary tables.
-- Follows ocp_on_aws.md §2.2 and §2.3 and Koku's koku/reporting/provider/aws/openshift/models.py
-- (OCPAWSCostLineItemProjectDailySummaryP and the OCPAWS*SummaryP models) with koku/reporting/migrations/*,
-- read at koku@768be825. Column order, types, nullability, defaults and constraint/index names are those of a
-- tenant schema after Koku's migrations (the UI tables' id default is set by 0300_squash).
--
-- All nine tables are range-partitioned on usage_start with PRIMARY KEY (usage_start, uuid|id) named
-- <table>_pk and a <table>_default partition; monthly partitions come from sql/schema/partition.sql.
-- The project table's source_uuid is a plain column in Koku (no foreign key); the UI tables' source_uuid
-- references reporting_tenant_api_provider, which is not created here (noted per table).
--
-- Every statement is idempotent.

CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p (
    uuid                              uuid NOT NULL,
    cluster_id                        character varying(50),
    cluster_alias                     character varying(256),
    data_source                       character varying(64),
    namespace                         character varying(253),
    node                              character varying(253),
    persistentvolumeclaim             character varying(253),
    persistentvolume                  character varying(253),
    storageclass                      character varying(50),
    pod_labels                        jsonb,
    resource_id                       character varying(253),
    usage_start                       date NOT NULL,
    usage_end                         date NOT NULL,
    product_code                      text NOT NULL,
    product_family                    character varying(150),
    instance_type                     character varying(50),
    usage_account_id                  character varying(50) NOT NULL,
    availability_zone                 character varying(50),
    region                            character varying(50),
    unit                              character varying(63),
    usage_amount                      numeric(30,15),
    normalized_usage_amount           double precision,
    currency_code                     character varying(10),
    unblended_cost                    numeric(30,15),
    markup_cost                       numeric(30,15),
    blended_cost                      numeric(33,15),
    markup_cost_blended               numeric(33,15),
    markup_cost_savingsplan           numeric(33,15),
    markup_cost_amortized             numeric(33,9),
    savingsplan_effective_cost        numeric(33,15),
    calculated_amortized_cost         numeric(33,9),
    tags                              jsonb,
    source_uuid                       uuid,
    account_alias_id                  integer,
    cost_entry_bill_id                integer,
    report_period_id                  integer,
    cost_category_id                  integer,
    aws_cost_category                 jsonb,
    data_transfer_direction           text,
    infrastructure_data_in_gigabytes  numeric(33,15),
    infrastructure_data_out_gigabytes numeric(33,15),
    CONSTRAINT reporting_ocpawscostlineitem_project_daily_summary_p_pk PRIMARY KEY (usage_start, uuid),
    CONSTRAINT reporting_ocpawscost_account_alias_id_a0542522_fk_reporting FOREIGN KEY (account_alias_id) REFERENCES {{schema}}.reporting_awsaccountalias(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpawscost_cost_category_id_958cae8e_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpawscost_cost_entry_bill_id_37e23c53_fk_reporting FOREIGN KEY (cost_entry_bill_id) REFERENCES {{schema}}.reporting_awscostentrybill(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpawscost_report_period_id_699e8c5a_fk_reporting FOREIGN KEY (report_period_id) REFERENCES {{schema}}.reporting_ocpusagereportperiod(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS aws_cost_category_idx ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING gin (aws_cost_category);
CREATE INDEX IF NOT EXISTS p_cost_prj_pod_lbls_idx ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING gin (pod_labels);
CREATE INDEX IF NOT EXISTS p_cost_prj_sum_nd_idx ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (node varchar_pattern_ops);
CREATE INDEX IF NOT EXISTS p_cost_prj_sum_nspc_idx ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (namespace varchar_pattern_ops);
CREATE INDEX IF NOT EXISTS p_cost_prj_sum_ocp_use_idx ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS p_cost_prj_sum_rsrc_idx ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (resource_id);
CREATE INDEX IF NOT EXISTS p_ocpaws_prj_inst_typ_idx ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (instance_type);
CREATE INDEX IF NOT EXISTS p_ocpaws_prj_prd_fam_idx ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (product_family);
CREATE INDEX IF NOT EXISTS reporting_ocpawscostlineit_account_alias_id_a0542522 ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (account_alias_id);
CREATE INDEX IF NOT EXISTS reporting_ocpawscostlineit_cost_category_id_958cae8e ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpawscostlineit_cost_entry_bill_id_37e23c53 ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (cost_entry_bill_id);
CREATE INDEX IF NOT EXISTS reporting_ocpawscostlineit_report_period_id_699e8c5a ON {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p USING btree (report_period_id);

-- Left out: Koku's reporting_ocpaws_cos_source_uuid_aa650345_fk_reporting
--   FOREIGN KEY (source_uuid) REFERENCES reporting_tenant_api_provider(uuid) DEFERRABLE INITIALLY DEFERRED
--   (reporting_tenant_api_provider is not one of the tables init-db creates).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_cost_summary_p (
    id                         uuid DEFAULT public.uuid_generate_v4() NOT NULL,
    usage_start                date NOT NULL,
    usage_end                  date NOT NULL,
    cluster_id                 character varying(50),
    cluster_alias              character varying(256),
    unblended_cost             numeric(33,15),
    markup_cost                numeric(33,15),
    blended_cost               numeric(33,15),
    markup_cost_blended        numeric(33,15),
    markup_cost_savingsplan    numeric(33,15),
    markup_cost_amortized      numeric(33,9),
    savingsplan_effective_cost numeric(33,15),
    calculated_amortized_cost  numeric(33,9),
    currency_code              character varying(10) NOT NULL,
    source_uuid                uuid,
    cost_category_id           integer,
    CONSTRAINT reporting_ocpaws_cost_summary_p_pk PRIMARY KEY (usage_start, id),
    CONSTRAINT reporting_ocpaws_cos_cost_category_id_4f6bbfb7_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS ocpawscostsumm_usst ON {{schema}}.reporting_ocpaws_cost_summary_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summary_p_cost_category_id_4f6bbfb7 ON {{schema}}.reporting_ocpaws_cost_summary_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summary_p_source_uuid_aa650345 ON {{schema}}.reporting_ocpaws_cost_summary_p USING btree (source_uuid);

-- Left out: Koku's reporting_ocpaws_cos_source_uuid_bb59ddf7_fk_reporting
--   FOREIGN KEY (source_uuid) REFERENCES reporting_tenant_api_provider(uuid) DEFERRABLE INITIALLY DEFERRED
--   (reporting_tenant_api_provider is not one of the tables init-db creates).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_cost_summary_by_account_p (
    id                         uuid DEFAULT public.uuid_generate_v4() NOT NULL,
    usage_start                date NOT NULL,
    usage_end                  date NOT NULL,
    cluster_id                 character varying(50),
    cluster_alias              character varying(256),
    usage_account_id           character varying(50) NOT NULL,
    unblended_cost             numeric(33,15),
    markup_cost                numeric(33,15),
    blended_cost               numeric(33,15),
    markup_cost_blended        numeric(33,15),
    markup_cost_savingsplan    numeric(33,15),
    markup_cost_amortized      numeric(33,9),
    savingsplan_effective_cost numeric(33,15),
    calculated_amortized_cost  numeric(33,9),
    currency_code              character varying(10) NOT NULL,
    account_alias_id           integer,
    source_uuid                uuid,
    cost_category_id           integer,
    CONSTRAINT reporting_ocpaws_cost_summary_by_account_p_pk PRIMARY KEY (usage_start, id),
    CONSTRAINT reporting_ocpaws_cos_account_alias_id_60080b4b_fk_reporting FOREIGN KEY (account_alias_id) REFERENCES {{schema}}.reporting_awsaccountalias(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpaws_cos_cost_category_id_cf6e643a_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS ocpawscostsumm_acct_usst ON {{schema}}.reporting_ocpaws_cost_summary_by_account_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summ_account_alias_id_60080b4b ON {{schema}}.reporting_ocpaws_cost_summary_by_account_p USING btree (account_alias_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summ_cost_category_id_cf6e643a ON {{schema}}.reporting_ocpaws_cost_summary_by_account_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summary_by_account_p_source_uuid_bb59ddf7 ON {{schema}}.reporting_ocpaws_cost_summary_by_account_p USING btree (source_uuid);

-- Left out: Koku's reporting_ocpaws_cos_source_uuid_b3a64789_fk_reporting
--   FOREIGN KEY (source_uuid) REFERENCES reporting_tenant_api_provider(uuid) DEFERRABLE INITIALLY DEFERRED
--   (reporting_tenant_api_provider is not one of the tables init-db creates).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_cost_summary_by_region_p (
    id                         uuid DEFAULT public.uuid_generate_v4() NOT NULL,
    usage_start                date NOT NULL,
    usage_end                  date NOT NULL,
    cluster_id                 character varying(50),
    cluster_alias              character varying(256),
    usage_account_id           character varying(50) NOT NULL,
    region                     character varying(50),
    availability_zone          character varying(50),
    unblended_cost             numeric(33,15),
    markup_cost                numeric(33,15),
    blended_cost               numeric(33,15),
    markup_cost_blended        numeric(33,15),
    markup_cost_savingsplan    numeric(33,15),
    markup_cost_amortized      numeric(33,9),
    savingsplan_effective_cost numeric(33,15),
    calculated_amortized_cost  numeric(33,9),
    currency_code              character varying(10) NOT NULL,
    account_alias_id           integer,
    source_uuid                uuid,
    cost_category_id           integer,
    CONSTRAINT reporting_ocpaws_cost_summary_by_region_p_pk PRIMARY KEY (usage_start, id),
    CONSTRAINT reporting_ocpaws_cos_account_alias_id_47f10b31_fk_reporting FOREIGN KEY (account_alias_id) REFERENCES {{schema}}.reporting_awsaccountalias(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpaws_cos_cost_category_id_a42d0196_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS ocpawscostsumm_reg_region ON {{schema}}.reporting_ocpaws_cost_summary_by_region_p USING btree (region);
CREATE INDEX IF NOT EXISTS ocpawscostsumm_reg_usst ON {{schema}}.reporting_ocpaws_cost_summary_by_region_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS ocpawscostsumm_reg_zone ON {{schema}}.reporting_ocpaws_cost_summary_by_region_p USING btree (availability_zone);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summ_account_alias_id_47f10b31 ON {{schema}}.reporting_ocpaws_cost_summary_by_region_p USING btree (account_alias_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summ_cost_category_id_a42d0196 ON {{schema}}.reporting_ocpaws_cost_summary_by_region_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summary_by_region_p_source_uuid_b3a64789 ON {{schema}}.reporting_ocpaws_cost_summary_by_region_p USING btree (source_uuid);

-- Left out: Koku's reporting_ocpaws_cos_source_uuid_ac8c56d3_fk_reporting
--   FOREIGN KEY (source_uuid) REFERENCES reporting_tenant_api_provider(uuid) DEFERRABLE INITIALLY DEFERRED
--   (reporting_tenant_api_provider is not one of the tables init-db creates).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_cost_summary_by_service_p (
    id                         uuid DEFAULT public.uuid_generate_v4() NOT NULL,
    usage_start                date NOT NULL,
    usage_end                  date NOT NULL,
    cluster_id                 character varying(50),
    cluster_alias              character varying(256),
    usage_account_id           character varying(50) NOT NULL,
    product_code               text NOT NULL,
    product_family             character varying(150),
    unblended_cost             numeric(33,15),
    markup_cost                numeric(33,15),
    blended_cost               numeric(33,15),
    markup_cost_blended        numeric(33,15),
    markup_cost_savingsplan    numeric(33,15),
    markup_cost_amortized      numeric(33,9),
    savingsplan_effective_cost numeric(33,15),
    calculated_amortized_cost  numeric(33,9),
    currency_code              character varying(10) NOT NULL,
    account_alias_id           integer,
    source_uuid                uuid,
    cost_category_id           integer,
    CONSTRAINT reporting_ocpaws_cost_summary_by_service_p_pk PRIMARY KEY (usage_start, id),
    CONSTRAINT reporting_ocpaws_cos_account_alias_id_bdcc1597_fk_reporting FOREIGN KEY (account_alias_id) REFERENCES {{schema}}.reporting_awsaccountalias(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpaws_cos_cost_category_id_6e5a79d2_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS ocpawscostsumm_svc_prod_cd ON {{schema}}.reporting_ocpaws_cost_summary_by_service_p USING btree (product_code);
CREATE INDEX IF NOT EXISTS ocpawscostsumm_svc_usst ON {{schema}}.reporting_ocpaws_cost_summary_by_service_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summ_account_alias_id_bdcc1597 ON {{schema}}.reporting_ocpaws_cost_summary_by_service_p USING btree (account_alias_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summ_cost_category_id_6e5a79d2 ON {{schema}}.reporting_ocpaws_cost_summary_by_service_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_cost_summary_by_service_p_source_uuid_ac8c56d3 ON {{schema}}.reporting_ocpaws_cost_summary_by_service_p USING btree (source_uuid);

-- Left out: Koku's reporting_ocpaws_com_source_uuid_5e5dd461_fk_reporting
--   FOREIGN KEY (source_uuid) REFERENCES reporting_tenant_api_provider(uuid) DEFERRABLE INITIALLY DEFERRED
--   (reporting_tenant_api_provider is not one of the tables init-db creates).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_compute_summary_p (
    id                         uuid DEFAULT public.uuid_generate_v4() NOT NULL,
    usage_start                date NOT NULL,
    usage_end                  date NOT NULL,
    cluster_id                 character varying(50),
    cluster_alias              character varying(256),
    usage_account_id           character varying(50) NOT NULL,
    instance_type              character varying(50),
    resource_id                character varying(253),
    usage_amount               numeric(33,15),
    unit                       character varying(63),
    unblended_cost             numeric(33,15),
    markup_cost                numeric(33,15),
    currency_code              character varying(10) NOT NULL,
    blended_cost               numeric(33,15),
    markup_cost_blended        numeric(33,15),
    markup_cost_savingsplan    numeric(33,15),
    markup_cost_amortized      numeric(33,9),
    savingsplan_effective_cost numeric(33,15),
    calculated_amortized_cost  numeric(33,9),
    account_alias_id           integer,
    source_uuid                uuid,
    cost_category_id           integer,
    CONSTRAINT reporting_ocpaws_compute_summary_p_pk PRIMARY KEY (usage_start, id),
    CONSTRAINT reporting_ocpaws_com_account_alias_id_157bd81f_fk_reporting FOREIGN KEY (account_alias_id) REFERENCES {{schema}}.reporting_awsaccountalias(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpaws_com_cost_category_id_4f70f0e1_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS ocpawscompsumm_insttyp ON {{schema}}.reporting_ocpaws_compute_summary_p USING btree (instance_type);
CREATE INDEX IF NOT EXISTS ocpawscompsumm_usst ON {{schema}}.reporting_ocpaws_compute_summary_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_compute_summary_p_account_alias_id_157bd81f ON {{schema}}.reporting_ocpaws_compute_summary_p USING btree (account_alias_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_compute_summary_p_cost_category_id_4f70f0e1 ON {{schema}}.reporting_ocpaws_compute_summary_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_compute_summary_p_source_uuid_5e5dd461 ON {{schema}}.reporting_ocpaws_compute_summary_p USING btree (source_uuid);

-- Left out: Koku's reporting_ocpaws_sto_source_uuid_a40afbc4_fk_reporting
--   FOREIGN KEY (source_uuid) REFERENCES reporting_tenant_api_provider(uuid) DEFERRABLE INITIALLY DEFERRED
--   (reporting_tenant_api_provider is not one of the tables init-db creates).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_storage_summary_p (
    id                         uuid DEFAULT public.uuid_generate_v4() NOT NULL,
    usage_start                date NOT NULL,
    usage_end                  date NOT NULL,
    cluster_id                 character varying(50),
    cluster_alias              character varying(256),
    usage_account_id           character varying(50) NOT NULL,
    product_family             character varying(150),
    usage_amount               numeric(33,15),
    unit                       character varying(63),
    unblended_cost             numeric(33,15),
    markup_cost                numeric(33,15),
    blended_cost               numeric(33,15),
    markup_cost_blended        numeric(33,15),
    markup_cost_savingsplan    numeric(33,15),
    markup_cost_amortized      numeric(33,9),
    savingsplan_effective_cost numeric(33,15),
    calculated_amortized_cost  numeric(33,9),
    currency_code              character varying(10) NOT NULL,
    account_alias_id           integer,
    source_uuid                uuid,
    cost_category_id           integer,
    CONSTRAINT reporting_ocpaws_storage_summary_p_pk PRIMARY KEY (usage_start, id),
    CONSTRAINT reporting_ocpaws_sto_account_alias_id_b45ce174_fk_reporting FOREIGN KEY (account_alias_id) REFERENCES {{schema}}.reporting_awsaccountalias(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpaws_sto_cost_category_id_a316a72e_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS ocpawsstorsumm_product_fam ON {{schema}}.reporting_ocpaws_storage_summary_p USING btree (product_family);
CREATE INDEX IF NOT EXISTS ocpawsstorsumm_usst ON {{schema}}.reporting_ocpaws_storage_summary_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_storage_summary_p_account_alias_id_b45ce174 ON {{schema}}.reporting_ocpaws_storage_summary_p USING btree (account_alias_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_storage_summary_p_cost_category_id_a316a72e ON {{schema}}.reporting_ocpaws_storage_summary_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_storage_summary_p_source_uuid_a40afbc4 ON {{schema}}.reporting_ocpaws_storage_summary_p USING btree (source_uuid);

-- Left out: Koku's reporting_ocpaws_dat_source_uuid_ad15ebd6_fk_reporting
--   FOREIGN KEY (source_uuid) REFERENCES reporting_tenant_api_provider(uuid) DEFERRABLE INITIALLY DEFERRED
--   (reporting_tenant_api_provider is not one of the tables init-db creates).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_database_summary_p (
    id                         uuid DEFAULT public.uuid_generate_v4() NOT NULL,
    usage_start                date NOT NULL,
    usage_end                  date NOT NULL,
    cluster_id                 character varying(50),
    cluster_alias              character varying(256),
    usage_account_id           character varying(50) NOT NULL,
    product_code               text NOT NULL,
    usage_amount               numeric(33,15),
    unit                       character varying(63),
    unblended_cost             numeric(33,15),
    markup_cost                numeric(33,15),
    blended_cost               numeric(33,15),
    markup_cost_blended        numeric(33,15),
    markup_cost_savingsplan    numeric(33,15),
    markup_cost_amortized      numeric(33,9),
    savingsplan_effective_cost numeric(33,15),
    calculated_amortized_cost  numeric(33,9),
    currency_code              character varying(10) NOT NULL,
    account_alias_id           integer,
    source_uuid                uuid,
    cost_category_id           integer,
    CONSTRAINT reporting_ocpaws_database_summary_p_pk PRIMARY KEY (usage_start, id),
    CONSTRAINT reporting_ocpaws_dat_account_alias_id_d673316c_fk_reporting FOREIGN KEY (account_alias_id) REFERENCES {{schema}}.reporting_awsaccountalias(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpaws_dat_cost_category_id_3c73fbf9_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS ocpawsdbsumm_product_cd ON {{schema}}.reporting_ocpaws_database_summary_p USING btree (product_code);
CREATE INDEX IF NOT EXISTS ocpawsdbsumm_usst ON {{schema}}.reporting_ocpaws_database_summary_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_database_summary_p_account_alias_id_d673316c ON {{schema}}.reporting_ocpaws_database_summary_p USING btree (account_alias_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_database_summary_p_cost_category_id_3c73fbf9 ON {{schema}}.reporting_ocpaws_database_summary_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_database_summary_p_source_uuid_ad15ebd6 ON {{schema}}.reporting_ocpaws_database_summary_p USING btree (source_uuid);

-- Left out: Koku's reporting_ocpaws_net_source_uuid_784bd096_fk_reporting
--   FOREIGN KEY (source_uuid) REFERENCES reporting_tenant_api_provider(uuid) DEFERRABLE INITIALLY DEFERRED
--   (reporting_tenant_api_provider is not one of the tables init-db creates).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_network_summary_p (
    id                         uuid DEFAULT public.uuid_generate_v4() NOT NULL,
    usage_start                date NOT NULL,
    usage_end                  date NOT NULL,
    cluster_id                 character varying(50),
    cluster_alias              character varying(256),
    usage_account_id           character varying(50) NOT NULL,
    product_code               text NOT NULL,
    usage_amount               numeric(33,15),
    unit                       character varying(63),
    unblended_cost             numeric(33,15),
    markup_cost                numeric(33,15),
    blended_cost               numeric(33,15),
    markup_cost_blended        numeric(33,15),
    markup_cost_savingsplan    numeric(33,15),
    markup_cost_amortized      numeric(33,9),
    savingsplan_effective_cost numeric(33,15),
    calculated_amortized_cost  numeric(33,9),
    currency_code              character varying(10) NOT NULL,
    account_alias_id           integer,
    source_uuid                uuid,
    cost_category_id           integer,
    CONSTRAINT reporting_ocpaws_network_summary_p_pk PRIMARY KEY (usage_start, id),
    CONSTRAINT reporting_ocpaws_net_account_alias_id_2a86b84c_fk_reporting FOREIGN KEY (account_alias_id) REFERENCES {{schema}}.reporting_awsaccountalias(id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT reporting_ocpaws_net_cost_category_id_aea15d39_fk_reporting FOREIGN KEY (cost_category_id) REFERENCES {{schema}}.reporting_ocp_cost_category(id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (usage_start);
CREATE INDEX IF NOT EXISTS ocpawsnetsumm_product_cd ON {{schema}}.reporting_ocpaws_network_summary_p USING btree (product_code);
CREATE INDEX IF NOT EXISTS ocpawsnetsumm_usst ON {{schema}}.reporting_ocpaws_network_summary_p USING btree (usage_start);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_network_summary_p_account_alias_id_2a86b84c ON {{schema}}.reporting_ocpaws_network_summary_p USING btree (account_alias_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_network_summary_p_cost_category_id_aea15d39 ON {{schema}}.reporting_ocpaws_network_summary_p USING btree (cost_category_id);
CREATE INDEX IF NOT EXISTS reporting_ocpaws_network_summary_p_source_uuid_784bd096 ON {{schema}}.reporting_ocpaws_network_summary_p USING btree (source_uuid);


-- Default partitions. Koku creates <table>_default for every partitioned model when the table is made and
-- records it in partitioned_tables with partition_parameters {"default": true} (see docs/koku_partitions.md).
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p_default PARTITION OF {{schema}}.reporting_ocpawscostlineitem_project_daily_summary_p DEFAULT;
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_cost_summary_p_default PARTITION OF {{schema}}.reporting_ocpaws_cost_summary_p DEFAULT;
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_cost_summary_by_account_p_default PARTITION OF {{schema}}.reporting_ocpaws_cost_summary_by_account_p DEFAULT;
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_cost_summary_by_region_p_default PARTITION OF {{schema}}.reporting_ocpaws_cost_summary_by_region_p DEFAULT;
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_cost_summary_by_service_p_default PARTITION OF {{schema}}.reporting_ocpaws_cost_summary_by_service_p DEFAULT;
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_compute_summary_p_default PARTITION OF {{schema}}.reporting_ocpaws_compute_summary_p DEFAULT;
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_storage_summary_p_default PARTITION OF {{schema}}.reporting_ocpaws_storage_summary_p DEFAULT;
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_database_summary_p_default PARTITION OF {{schema}}.reporting_ocpaws_database_summary_p DEFAULT;
CREATE TABLE IF NOT EXISTS {{schema}}.reporting_ocpaws_network_summary_p_default PARTITION OF {{schema}}.reporting_ocpaws_network_summary_p DEFAULT;
INSERT INTO {{schema}}.partitioned_tables
       (schema_name, table_name, partition_of_table_name, partition_type, partition_col, partition_parameters, active)
SELECT ns.nspname, p.parent || '_default', p.parent, 'range', 'usage_start', '{"default": true}'::jsonb, true
  FROM (VALUES
       ('reporting_ocpawscostlineitem_project_daily_summary_p'),
       ('reporting_ocpaws_cost_summary_p'),
       ('reporting_ocpaws_cost_summary_by_account_p'),
       ('reporting_ocpaws_cost_summary_by_region_p'),
       ('reporting_ocpaws_cost_summary_by_service_p'),
       ('reporting_ocpaws_compute_summary_p'),
       ('reporting_ocpaws_storage_summary_p'),
       ('reporting_ocpaws_database_summary_p'),
       ('reporting_ocpaws_network_summary_p')
       ) AS p (parent)
 CROSS JOIN pg_catalog.pg_namespace AS ns
 WHERE ns.oid = (SELECT t.typnamespace FROM pg_catalog.pg_type AS t
                  WHERE t.oid = pg_typeof(NULL::{{schema}}.partitioned_tables))
   AND NOT EXISTS (SELECT 1 FROM {{schema}}.partitioned_tables AS known
                    WHERE known.schema_name = ns.nspname AND known.table_name = p.parent || '_default')
ON CONFLICT (schema_name, table_name) DO NOTHING;
