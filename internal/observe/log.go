package observe

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
)

// NewLogger returns a JSON logger writing to w at level. Every record gets the interaction ids,
// consent and client of the request in its context, and passes through Redact first.
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return slog.New(NewHandler(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})))
}

// NewHandler wraps next so that records carry the request context's ids and never a secret.
func NewHandler(next slog.Handler) slog.Handler { return &handler{next: next} }

type handler struct{ next slog.Handler }

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, Redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	if r := RequestFrom(ctx); r != nil {
		add := func(k, v string) {
			if v != "" {
				out.AddAttrs(slog.String(k, v))
			}
		}
		add("x-fapi-interaction-id", r.InteractionID)
		add("o3-ozone-interaction-id", r.OzoneInteractionID)
		add("consent_id", r.ConsentID())
		add("client_id", r.ClientID())
	}
	return h.next.Handle(ctx, out)
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = redactAttr(a)
	}
	return &handler{next: h.next.WithAttrs(red)}
}

func (h *handler) WithGroup(name string) slog.Handler { return &handler{next: h.next.WithGroup(name)} }

// secretKeys are attribute names whose values are never logged, whatever they hold.
var secretKeys = []string{"password", "passwd", "secret", "token", "authorization", "cookie", "assertion",
	"code_verifier", "otp", "totp", "private", "key_pem", "session", "csrf", "bearer"}

// secretKey reports whether an attribute named k holds a secret. "key" alone is too broad (consent
// keys, idempotency keys are useful), so only the names above count.
func secretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range secretKeys {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

const redacted = "[redacted]"

func redactAttr(a slog.Attr) slog.Attr {
	if secretKey(a.Key) {
		return slog.String(a.Key, redacted)
	}
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Redact(v.String()))
	case slog.KindGroup:
		g := v.Group()
		out := make([]slog.Attr, len(g))
		for i, ga := range g {
			out[i] = redactAttr(ga)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, Redact(err.Error()))
		}
		return a
	default:
		return a
	}
}

var (
	// A CPF: 11 digits, bare or as 123.456.789-09; maskCPFs keeps only those that are not part of a
	// longer number (a CNPJ has 14 digits; account and transaction ids are longer or contain letters).
	cpfPattern = regexp.MustCompile(`([0-9]{3})\.?([0-9]{3})\.?([0-9]{3})-?([0-9]{2})`)
	// A JWT or JWS: three base64url parts, the first a JSON header ("eyJ").
	jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
	// An Authorization value or a token/secret/password in a query string or form.
	bearerPattern = regexp.MustCompile(`(?i)(bearer|basic)\s+[A-Za-z0-9._~+/=-]+`)
	paramPattern  = regexp.MustCompile(`(?i)((?:access_|refresh_|id_)?token|code|code_verifier|client_secret|password|client_assertion)=[^&\s"]+`)
)

// Redact masks what must never reach a log in s: full CPFs keep only their middle six digits
// (***.456.789-**, as the LGPD guidance for displays does), JWTs, bearer credentials and
// token/secret/password parameters become "[redacted]".
func Redact(s string) string {
	if !strings.ContainsAny(s, "0123456789=eE") {
		return s
	}
	s = jwtPattern.ReplaceAllString(s, redacted)
	s = bearerPattern.ReplaceAllString(s, "$1 "+redacted)
	s = paramPattern.ReplaceAllString(s, "$1="+redacted)
	return maskCPFs(s)
}

// maskCPFs replaces each CPF of s that no digit touches with ***.456.789-**. Go's regexp has no
// look-around, so the neighbours are checked here; checking them in the pattern would consume the
// separator and miss a second CPF right after the first.
func maskCPFs(s string) string {
	idx := cpfPattern.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		start, end := m[0], m[1]
		if (start > 0 && isDigit(s[start-1])) || (end < len(s) && isDigit(s[end])) {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString("***.")
		b.WriteString(s[m[4]:m[5]])
		b.WriteString(".")
		b.WriteString(s[m[6]:m[7]])
		b.WriteString("-**")
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
