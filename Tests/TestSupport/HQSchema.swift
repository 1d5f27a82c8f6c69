/// An HQ-like PostgreSQL schema for tests of the HQ document source: the Django tables CommCare HQ keeps forms,
/// cases, locations and user data in (only the columns SwiftLake reads, with HQ's names and types).
public enum HQSchema {
    /// The main database: locations, location types, user data.
    public static let mainDDL = """
        CREATE TABLE locations_locationtype (id serial PRIMARY KEY, domain varchar(255), name varchar(255), code varchar(50),
          parent_type_id int, administrative boolean DEFAULT false, last_modified timestamptz DEFAULT now());
        CREATE TABLE locations_sqllocation (id serial PRIMARY KEY, location_id varchar(100) UNIQUE NOT NULL, domain varchar(255),
          name varchar(255), site_code varchar(255), external_id varchar(255), location_type_id int REFERENCES locations_locationtype(id),
          parent_id int REFERENCES locations_sqllocation(id), latitude numeric(20,10), longitude numeric(20,10),
          is_archived boolean DEFAULT false, archived_on timestamptz, metadata text, created_at timestamptz DEFAULT now(),
          last_modified timestamptz DEFAULT now());
        CREATE TABLE users_sqluserdata (id serial PRIMARY KEY, domain varchar(128), user_id varchar(36), data jsonb,
          UNIQUE (user_id, domain));
        """

    /// A form-processing shard: forms, their operations and blob metadata, cases, case indices and transactions.
    public static let shardDDL = """
        CREATE TABLE form_processor_xforminstancesql (id serial PRIMARY KEY, form_id varchar(255) UNIQUE NOT NULL,
          domain varchar(255) NOT NULL, xmlns varchar(255) NOT NULL, app_id varchar(255), build_id varchar(255), user_id varchar(255),
          received_on timestamptz NOT NULL, server_modified_on timestamptz, edited_on timestamptz, orig_id varchar(255),
          deprecated_form_id varchar(255), deleted_on timestamptz, deletion_id varchar(255), state smallint NOT NULL DEFAULT 1,
          auth_context text, openrosa_headers text, partial_submission boolean DEFAULT false,
          initial_processing_complete boolean DEFAULT true, submit_ip varchar(255), last_sync_token varchar(255), problem text,
          date_header timestamptz);
        CREATE TABLE form_processor_xformoperationsql (id serial PRIMARY KEY, form_id varchar(255), user_id varchar(255),
          operation varchar(255), date timestamptz);
        CREATE TABLE blobs_blobmeta (id serial PRIMARY KEY, domain varchar(255), parent_id varchar(255), type_code smallint,
          name varchar(255), key varchar(255), content_type varchar(255), content_length bigint, compressed_length bigint,
          properties text, created_on timestamptz DEFAULT now(), expires_on timestamptz);
        CREATE TABLE form_processor_commcarecasesql (id serial PRIMARY KEY, case_id varchar(255) UNIQUE NOT NULL,
          domain varchar(255) NOT NULL, type varchar(255) NOT NULL, name varchar(255), owner_id varchar(255) NOT NULL,
          opened_on timestamptz, opened_by varchar(255), modified_on timestamptz NOT NULL, modified_by varchar(255) NOT NULL,
          server_modified_on timestamptz NOT NULL, closed boolean NOT NULL DEFAULT false, closed_on timestamptz, closed_by varchar(255),
          deleted boolean NOT NULL DEFAULT false, deleted_on timestamptz, deletion_id varchar(255), external_id varchar(255),
          location_id varchar(255), case_json text);
        CREATE TABLE form_processor_commcarecaseindexsql (id serial PRIMARY KEY, case_id varchar(255), domain varchar(255),
          identifier varchar(255), referenced_id varchar(255), referenced_type varchar(255), relationship_id smallint);
        CREATE TABLE form_processor_casetransaction (id serial PRIMARY KEY, case_id varchar(255), form_id varchar(255),
          sync_log_id varchar(255), server_date timestamptz, client_date timestamptz, type int, revoked boolean DEFAULT false,
          details text);
        """

    /// A libpq URL whose search_path is `schema`.
    public static func url(_ base: String, schema: String, application: String = "swiftlake-test") -> String {
        base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema + "&application_name=" + application
    }
}
