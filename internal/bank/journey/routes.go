package journey

import (
	"io/fs"
	"net/http"
)

// routes is the whole surface of the customer's web journey. Step numbers are those of
// tecban/images/fluxo_compartilhamento.png and pis-detailed.png.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")

	// Entry from the TPP (3001) → platform's headless GET /auth (3002–3004) → consent (3005/3006).
	mux.Handle("GET /auth", s.handleAuth())

	// Login the way internet banking does (4000–4002): CPF (and CNPJ), password, TOTP.
	mux.Handle("GET /login", s.handleLoginPage())
	mux.Handle("POST /login", s.handleLogin())
	mux.Handle("GET /login/otp", s.handleOTPPage())
	mux.Handle("POST /login/otp", s.handleOTP())
	mux.Handle("POST /logout", s.handleLogout())

	// Confirmation (4003–4006, then 5000/5001 back to the TPP).
	mux.Handle("GET /consent/{flow}", s.handleConsentPage())
	mux.Handle("POST /consent/{flow}/confirm", s.handleConfirm())
	mux.Handle("POST /consent/{flow}/refuse", s.handleRefuse())
	mux.Handle("GET /consent/{flow}/waiting", s.handleWaiting())

	// The "Open Banking" area: consents, revocation, second approvals of business consents.
	mux.Handle("GET /open-banking", s.handleArea())
	mux.Handle("GET /open-banking/consents/{id}", s.handleDetail())
	mux.Handle("POST /open-banking/revoke", s.handleRevokeAsk())
	mux.Handle("POST /open-banking/revoke/confirm", s.handleRevoke())
	mux.Handle("GET /open-banking/approvals/{id}", s.handleApprovalPage())
	mux.Handle("POST /open-banking/approvals/{id}/approve", s.handleApprove())
	mux.Handle("POST /open-banking/approvals/{id}/refuse", s.handleApprovalRefuse())

	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	}))
	mux.Handle("GET /{$}", s.handleHome())
	mux.Handle("/", s.handleNotFound())
	return mux
}
