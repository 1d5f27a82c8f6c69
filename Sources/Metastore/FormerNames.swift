/// The first names of `CatalogTableDefinition` and `CatalogColumn`, which Ingest was written against.
/// They collide with DeltaLog's `TableDefinition` and `TableColumn` in any file that imports both modules,
/// which is why the Catalog names exist; new code should use those.
public typealias TableDefinition = CatalogTableDefinition
public typealias TableColumn = CatalogColumn
