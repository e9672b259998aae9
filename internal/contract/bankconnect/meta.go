package bankconnect

// Meta is the contract's empty meta object (additionalProperties: false).
type Meta struct{}

// PaginatedMeta is the meta object of paginated responses (/transactions).
type PaginatedMeta struct {
	// Paginated is true when the response is one page of the matching data.
	Paginated bool `json:"paginated"`
	// TotalPages is the number of pages the query has (at least 1).
	TotalPages int `json:"totalPages"`
}
