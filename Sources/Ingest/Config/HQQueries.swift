/// The SQL the HQ source runs. Every query takes `$1` = a `text[]` of ids and is read by column position:
///
/// - `forms` (each form database): `id`, `doc` (JSON text of `form.to_json()` without `form`), `blob_key`
///   (the `form.xml` key in the blob store, or NULL), `blob_compressed` (boolean).
/// - `cases` (each form database): `id`, `doc` (JSON text of `case.to_json()`).
/// - `locations` (main): `id`, `doc` (JSON text of the location).
/// - `user_locations` (main): `user_id`, `location_id` (the user's primary location).
/// - `location_ancestors` (main): `start_id`, `depth` (0 = the location itself), `location_id`, `name`,
///   `site_code`, `latitude`, `longitude`, `is_archived`, `type_name`.
/// - `location_descendants` (main): `location_id` of every location in the subtrees of the given ids (inclusive).
///
/// The defaults follow HQ's Django tables as described in docs/commcare-source.md; JSON columns are read through
/// `::text` so `json`, `jsonb` and `text` columns all work; times are written HQ-style (`…T…ffffffZ`, UTC).
public struct HQQueries: Sendable, Equatable {
    public var forms: String
    public var cases: String
    public var locations: String
    public var userLocations: String
    public var locationAncestors: String
    public var locationDescendants: String

    public init(forms: String = HQQueries.defaultForms, cases: String = HQQueries.defaultCases,
                locations: String = HQQueries.defaultLocations, userLocations: String = HQQueries.defaultUserLocations,
                locationAncestors: String = HQQueries.defaultLocationAncestors,
                locationDescendants: String = HQQueries.defaultLocationDescendants) {
        self.forms = forms
        self.cases = cases
        self.locations = locations
        self.userLocations = userLocations
        self.locationAncestors = locationAncestors
        self.locationDescendants = locationDescendants
    }

    static func ts(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    }

    public static let defaultForms = """
        SELECT f.form_id, json_build_object(
          '_id', f.form_id,
          'doc_type', CASE WHEN f.deleted_on IS NOT NULL THEN 'XFormInstance-Deleted' WHEN f.state = 2 THEN 'XFormArchived'
            WHEN f.state = 4 THEN 'XFormDeprecated' WHEN f.state = 8 THEN 'XFormDuplicate' WHEN f.state = 16 THEN 'XFormError'
            WHEN f.state = 32 THEN 'SubmissionErrorLog' ELSE 'XFormInstance' END,
          'domain', f.domain, 'xmlns', f.xmlns, 'app_id', f.app_id, 'build_id', f.build_id, 'user_id', f.user_id,
          'received_on', \(ts("f.received_on")), 'server_modified_on', \(ts("f.server_modified_on")),
          'edited_on', \(ts("f.edited_on")), 'orig_id', f.orig_id, 'deprecated_form_id', f.deprecated_form_id,
          'deleted_on', \(ts("f.deleted_on")), 'deletion_id', f.deletion_id, 'state', f.state,
          'partial_submission', f.partial_submission, 'initial_processing_complete', f.initial_processing_complete,
          'submit_ip', f.submit_ip, 'last_sync_token', f.last_sync_token, 'problem', f.problem,
          'date_header', \(ts("f.date_header")),
          'auth_context', (f.auth_context::text)::json, 'openrosa_headers', (f.openrosa_headers::text)::json,
          'history', COALESCE((SELECT json_agg(json_build_object('user', o.user_id, 'operation', o.operation,
              'date', \(ts("o.date"))) ORDER BY o.date) FROM form_processor_xformoperationsql o WHERE o.form_id = f.form_id), '[]'::json),
          'backend_id', 'sql')::text,
          b.key, b.compressed
        FROM form_processor_xforminstancesql f
        LEFT JOIN LATERAL (SELECT m.key, m.compressed_length IS NOT NULL AS compressed FROM blobs_blobmeta m
          WHERE m.parent_id = f.form_id AND m.type_code = 2 AND m.name = 'form.xml' ORDER BY m.id DESC LIMIT 1) b ON true
        WHERE f.form_id = ANY($1::text[])
        """

    public static let defaultCases = """
        SELECT c.case_id, (COALESCE((c.case_json::text)::jsonb, '{}'::jsonb) || jsonb_build_object(
          '_id', c.case_id, 'case_id', c.case_id,
          'doc_type', CASE WHEN c.deleted THEN 'CommCareCase-Deleted' ELSE 'CommCareCase' END,
          'domain', c.domain, 'type', c.type, 'name', c.name, 'owner_id', c.owner_id,
          'opened_on', \(ts("c.opened_on")), 'opened_by', c.opened_by,
          'modified_on', \(ts("c.modified_on")), 'modified_by', c.modified_by, 'user_id', c.modified_by,
          'server_modified_on', \(ts("c.server_modified_on")), 'closed', c.closed,
          'closed_on', \(ts("c.closed_on")), 'closed_by', c.closed_by, 'deleted', c.deleted,
          'external_id', c.external_id, 'location_id', c.location_id,
          'case_json', COALESCE((c.case_json::text)::jsonb, '{}'::jsonb),
          'indices', COALESCE((SELECT jsonb_agg(jsonb_build_object('case_id', i.case_id, 'identifier', i.identifier,
              'referenced_id', i.referenced_id, 'referenced_type', i.referenced_type,
              'relationship', CASE i.relationship_id WHEN 1 THEN 'child' WHEN 2 THEN 'extension' END) ORDER BY i.identifier)
            FROM form_processor_commcarecaseindexsql i WHERE i.case_id = c.case_id AND i.referenced_id <> ''), '[]'::jsonb),
          'actions', COALESCE((SELECT jsonb_agg(jsonb_build_object('xform_id', t.form_id,
              'server_date', \(ts("t.server_date")), 'date', \(ts("t.client_date")), 'sync_log_id', t.sync_log_id)
              ORDER BY t.server_date) FROM form_processor_casetransaction t WHERE t.case_id = c.case_id AND NOT t.revoked), '[]'::jsonb),
          'xform_ids', COALESCE((SELECT jsonb_agg(t.form_id ORDER BY t.server_date) FROM form_processor_casetransaction t
              WHERE t.case_id = c.case_id AND NOT t.revoked AND t.type & 1 = 1), '[]'::jsonb),
          'case_attachments', '{}'::jsonb, 'backend_id', 'sql'))::text
        FROM form_processor_commcarecasesql c
        WHERE c.case_id = ANY($1::text[])
        """

    public static let defaultLocations = """
        SELECT l.location_id, json_build_object(
          '_id', l.location_id, 'location_id', l.location_id, 'domain', l.domain, 'name', l.name,
          'site_code', l.site_code, 'external_id', l.external_id, 'location_type', t.name, 'location_type_code', t.code,
          'parent_location_id', p.location_id, 'latitude', l.latitude, 'longitude', l.longitude,
          'is_archived', l.is_archived, 'archived_on', \(ts("l.archived_on")),
          'metadata', COALESCE((l.metadata::text)::json, '{}'::json), 'last_modified', \(ts("l.last_modified")))::text
        FROM locations_sqllocation l
        JOIN locations_locationtype t ON t.id = l.location_type_id
        LEFT JOIN locations_sqllocation p ON p.id = l.parent_id
        WHERE l.location_id = ANY($1::text[])
        """

    public static let defaultUserLocations = """
        SELECT u.user_id, u.data->>'commcare_location_id'
        FROM users_sqluserdata u
        WHERE u.user_id = ANY($1::text[]) AND COALESCE(u.data->>'commcare_location_id', '') <> ''
        """

    public static let defaultLocationAncestors = """
        WITH RECURSIVE up AS (
          SELECT l.location_id AS start_id, l.id, l.parent_id, 0 AS depth
          FROM locations_sqllocation l WHERE l.location_id = ANY($1::text[])
          UNION ALL
          SELECT up.start_id, p.id, p.parent_id, up.depth + 1
          FROM locations_sqllocation p JOIN up ON p.id = up.parent_id WHERE up.depth < 64)
        SELECT up.start_id, up.depth, l.location_id, l.name, l.site_code, l.latitude::text, l.longitude::text,
               l.is_archived, t.name
        FROM up JOIN locations_sqllocation l ON l.id = up.id JOIN locations_locationtype t ON t.id = l.location_type_id
        ORDER BY up.start_id, up.depth
        """

    public static let defaultLocationDescendants = """
        WITH RECURSIVE down AS (
          SELECT l.id, l.location_id FROM locations_sqllocation l WHERE l.location_id = ANY($1::text[])
          UNION
          SELECT c.id, c.location_id FROM locations_sqllocation c JOIN down ON c.parent_id = down.id)
        SELECT location_id FROM down
        """
}
