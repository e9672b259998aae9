package observe

import (
	"log/slog"
	"net/http"
	"time"
)

// Record is one served request as the usage report counts it.
type Record struct {
	At        time.Time
	Server    string
	Operation string
	Method    string
	Path      string
	Client    string
	Status    int
	// FirstByte is the time from the request's arrival to the response's first byte.
	FirstByte time.Duration
}

// Options configure Middleware.
type Options struct {
	// Server names the listener in metrics and logs (bank-connect, bank-web, platform-tpp …).
	Server string
	// Metrics receives the request's count and latency; nil records none.
	Metrics *Metrics
	// Log receives one access line per request (Info for 5xx and 429, Debug otherwise); nil logs none.
	Log *slog.Logger
	// Client names the caller before the handler runs (a certificate name, a header the
	// authenticated peer sets); handlers may refine it with SetClient. Nil or "" means "unknown".
	Client func(*http.Request) string
	// Record, when set, is given every request after it is served (the usage log).
	Record func(Record)
	// MaxBody, when positive, limits the request body: reading past it fails and the server answers
	// 413 if the handler has not answered yet. It is applied here, on the request the middleware
	// owns, rather than with http.MaxBytesHandler, which copies the request and so hides the route
	// pattern the ServeMux sets from this middleware.
	MaxBody int64
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Middleware wraps next so that every request carries a Request in its context and, once served,
// is counted, timed, logged and recorded. The operation is what the handler named with
// SetOperation, else the route pattern the ServeMux matched (r.Pattern), else "unmatched", so
// metric labels stay bounded whatever paths callers try.
func Middleware(o Options, next http.Handler) http.Handler {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := now()
		req := &Request{
			InteractionID:      clip(r.Header.Get("x-fapi-interaction-id")),
			OzoneInteractionID: clip(r.Header.Get("o3-ozone-interaction-id")),
			Remote:             r.RemoteAddr,
			Server:             o.Server,
		}
		if req.InteractionID == "" {
			req.InteractionID = clip(r.Header.Get("o3-caller-interaction-id"))
		}
		if c := r.Header.Get("o3-consent-id"); c != "" {
			req.consentID = clip(c)
		}
		if o.Client != nil {
			req.clientID = o.Client(r)
		}
		if o.Metrics != nil {
			g := o.Metrics.inFlight.WithLabelValues(o.Server)
			g.Inc()
			defer g.Dec()
		}
		sw := &statusWriter{ResponseWriter: w, now: now}
		r = r.WithContext(WithRequest(r.Context(), req))
		if o.MaxBody > 0 && r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(sw, r.Body, o.MaxBody)
		}
		next.ServeHTTP(sw, r)

		status := sw.status
		if status == 0 {
			status = http.StatusOK
			sw.first = now()
		}
		op := req.Operation()
		if op == "" {
			op = r.Pattern
		}
		if op == "" {
			op = "unmatched"
		}
		client := req.ClientID()
		if client == "" {
			client = "unknown"
		}
		firstByte := sw.first.Sub(start)
		if o.Metrics != nil {
			o.Metrics.ObserveRequest(o.Server, op, status, client, firstByte)
		}
		if o.Record != nil {
			o.Record(Record{At: start, Server: o.Server, Operation: op, Method: r.Method, Path: r.URL.Path, Client: client,
				Status: status, FirstByte: firstByte})
		}
		if o.Log != nil {
			level := slog.LevelDebug
			if status >= 500 || status == http.StatusTooManyRequests {
				level = slog.LevelInfo
			}
			o.Log.Log(r.Context(), level, "request", "server", o.Server, "method", r.Method, "path", r.URL.Path,
				"operation", op, "status", status, "first_byte_ms", firstByte.Milliseconds(), "remote", r.RemoteAddr)
		}
	})
}

// clip bounds a caller-supplied id before it reaches logs.
func clip(s string) string {
	if len(s) > 128 {
		return s[:128]
	}
	return s
}

// statusWriter remembers the status and the time of the first byte written.
type statusWriter struct {
	http.ResponseWriter
	now    func() time.Time
	status int
	first  time.Time
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
		w.first = w.now()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
		w.first = w.now()
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's Flush and deadlines.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes a flush through (for handlers that test for http.Flusher directly).
func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
		w.first = w.now()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
