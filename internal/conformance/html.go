package conformance

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
)

// htmlPage is the self-contained HTML report: inline style, no script, no external resource, so it
// can be mailed or attached to a CI run as one file.
var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"headers": func(h map[string][]string) string {
		keys := make([]string, 0, len(h))
		for k := range h {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			for _, v := range h[k] {
				fmt.Fprintf(&b, "%s: %s\n", k, v)
			}
		}
		return b.String()
	},
	"join": strings.Join,
	"ms":   func(d interface{ Milliseconds() int64 }) int64 { return d.Milliseconds() },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bank Connect conformance — {{.R.Target}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
.pass{color:#176f2c}.fail{color:#b00020;font-weight:bold}.skip{color:#8a6d00}
pre{background:#f6f6f6;border:1px solid #ddd;padding:.6em;overflow:auto;max-height:30em;white-space:pre-wrap;word-break:break-all}
summary{cursor:pointer}td:first-child{white-space:nowrap}.case{margin:1em 0;padding:.5em 1em;border-left:4px solid #b00020}
</style></head><body>
<h1>Bank Connect conformance</h1>
<p>Target <code>{{.R.Target}}</code>, o3-aspsp-id <code>{{.R.ASPSPID}}</code>, PSU <code>{{.R.UserID}}</code>,
started {{.R.Started.UTC.Format "2006-01-02 15:04:05 UTC"}}, {{ms .R.Duration}} ms.</p>
<p><strong>{{.Pass}} of {{.Total}} cases passed</strong>, {{.Fail}} failed, {{.Skip}} skipped.</p>
<table><tr><th>case</th><th>operations</th><th>what it checks</th><th>result</th></tr>
{{range .R.Results}}<tr><td>{{if eq .Status "fail"}}<a href="#{{.ID}}">{{.ID}}</a>{{else}}{{.ID}}{{end}}</td><td>{{join .Operations ", "}}</td><td>{{.Title}}</td>
<td class="{{.Status}}">{{.Status}}{{if .SkipReason}}: {{.SkipReason}}{{end}}</td></tr>
{{end}}</table>
{{range .R.Results}}{{if eq .Status "fail"}}{{$x := .Exchanges}}
<div class="case" id="{{.ID}}"><h2>{{.ID}} — {{.Title}}</h2>
{{range .Failures}}<p class="fail">{{.Message}}</p>
{{if and (ge .Exchange 0) (lt .Exchange (len $x))}}{{with index $x .Exchange}}
<details open><summary>Request</summary><pre>{{.Method}} {{.URL}}
{{headers .RequestHeader}}{{if .RequestBody}}
{{.RequestBody}}{{end}}</pre></details>
<details open><summary>Response</summary><pre>{{if .Error}}error: {{.Error}}{{else}}{{.Status}}
{{headers .ResponseHeader}}
{{.ResponseBody}}{{end}}</pre></details>
{{end}}{{end}}{{end}}</div>
{{end}}{{end}}
</body></html>
`))

// WriteHTML writes the report as one self-contained HTML page: the table of every case, then for
// each failure its message with the request sent and the response received.
func WriteHTML(w io.Writer, r *Report) error {
	pass, fail, skip := r.Counts()
	if err := htmlPage.Execute(w, struct {
		R                       *Report
		Pass, Fail, Skip, Total int
	}{r, pass, fail, skip, len(r.Results)}); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return nil
}
