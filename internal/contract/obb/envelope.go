package obb

import "time"

// Links is the links object of every response: self always, first/prev/next/last on pages of a
// list (swagger_*_apis.yaml components.schemas.Links).
type Links struct {
	Self  string `json:"self"`
	First string `json:"first,omitempty"`
	Prev  string `json:"prev,omitempty"`
	Next  string `json:"next,omitempty"`
	Last  string `json:"last,omitempty"`
}

// Meta is the meta object: how many records and pages the whole result has, and when it was asked
// for (RFC 3339 UTC to the second, at most 20 characters).
type Meta struct {
	TotalRecords    int    `json:"totalRecords"`
	TotalPages      int    `json:"totalPages"`
	RequestDateTime string `json:"requestDateTime"`
}

// DateTime formats t as the specs' date-time: RFC 3339 in UTC to the second ("2021-05-21T08:30:00Z").
func DateTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// Date formats t as the specs' date ("2021-05-21").
func Date(t time.Time) string { return t.Format(time.DateOnly) }

// ResponseError is the error body of every operation (ResponseError).
type ResponseError struct {
	Errors []Error `json:"errors"`
	Meta   *Meta   `json:"meta,omitempty"`
}

// Error is one item of ResponseError.errors.
type Error struct {
	Code   string `json:"code"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

// Response is the envelope of a successful response: data, links and meta.
type Response[T any] struct {
	Data  T     `json:"data"`
	Links Links `json:"links"`
	Meta  Meta  `json:"meta"`
}
