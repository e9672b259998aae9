package gateway

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/obb"
)

// Paging parameters of the list operations (components.parameters page and pageSize): page from 1,
// page-size 1–1000, default 25.
const (
	defaultPageSize = 25
	maxPageSize     = 1000
	maxPage         = 1_000_000
)

// resourceIDPattern is the specs' pattern of accountId, creditCardAccountId, contractId, billId and
// paymentId.
var resourceIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9\-]{0,99}$`)

// paging is a parsed page request.
type paging struct {
	page, size int
}

// parsePaging reads page and page-size; a malformed or out-of-range value is a 400.
func parsePaging(q url.Values) (paging, error) {
	p := paging{page: 1, size: defaultPageSize}
	for _, f := range []struct {
		name     string
		dst      *int
		min, max int
	}{{"page", &p.page, 1, maxPage}, {"page-size", &p.size, 1, maxPageSize}} {
		vs, ok := q[f.name]
		if !ok {
			continue
		}
		if len(vs) != 1 {
			return p, badRequest(codeInvalidParameter, "%s must be given once", f.name)
		}
		n, err := strconv.Atoi(vs[0])
		if err != nil || n < f.min || n > f.max {
			return p, badRequest(codeInvalidParameter, "%s must be an integer from %d to %d", f.name, f.min, f.max)
		}
		*f.dst = n
	}
	return p, nil
}

// query parses the request's query string strictly: a malformed one is a 400, not an empty filter.
func query(r *http.Request) (url.Values, error) {
	if len(r.URL.RawQuery) > 4096 {
		return nil, badRequest(codeInvalidParameter, "the query string is longer than 4096 bytes")
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badRequest(codeInvalidParameter, "the query string is malformed")
	}
	return q, nil
}

// page cuts one page of items and builds the response's links and meta: self, and first, prev,
// next and last where the specs require them (not on the first page: first and prev; not on the
// last: next and last), each the request's URL with only page changed.
func page[T any](r *http.Request, p paging, items []T, now time.Time) ([]T, obb.Links, obb.Meta) {
	total := len(items)
	pages := (total + p.size - 1) / p.size
	if pages == 0 {
		pages = 1
	}
	start := min((p.page-1)*p.size, total)
	end := min(start+p.size, total)
	links := obb.Links{Self: selfURL(r)}
	at := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		q.Set("page-size", strconv.Itoa(p.size))
		u := url.URL{Scheme: "https", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		return u.String()
	}
	if p.page > 1 {
		links.First = at(1)
		links.Prev = at(min(p.page-1, pages))
	}
	if p.page < pages {
		links.Next = at(p.page + 1)
		links.Last = at(pages)
	}
	meta := obb.Meta{TotalRecords: total, TotalPages: pages, RequestDateTime: obb.DateTime(now)}
	return items[start:end], links, meta
}

// single is the links and meta of a response with one record.
func single(r *http.Request, now time.Time) (obb.Links, obb.Meta) {
	return obb.Links{Self: selfURL(r)}, obb.Meta{TotalRecords: 1, TotalPages: 1, RequestDateTime: obb.DateTime(now)}
}
