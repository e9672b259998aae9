package gateway

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/ifconnect/ifconnect/internal/database"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Component names the gateway's migrations in a shared database (goose table goose_gateway).
const Component = "gateway"

// Migrations returns the gateway's goose migrations, for `ifconnect migrate`.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		// fs.Sub fails only for an invalid path; "migrations" is a constant.
		return migrationFiles
	}
	return sub
}

// Migrate applies the gateway's pending migrations to db.
func Migrate(ctx context.Context, db *database.DB) error {
	_, err := db.Migrate(ctx, Component, Migrations())
	return err
}

// idempotencyStore remembers x-idempotency-key requests and their answers, and the payments made.
type idempotencyStore struct {
	db *database.DB
}

// stored is a finished request's answer.
type stored struct {
	status   int
	response []byte
}

// Outcomes of begin.
var (
	// errKeyReused: the key was used for a different request (422).
	errKeyReused = errors.New("idempotency key used for a different request")
	// errInProgress: the first request with the key is still being processed (429).
	errInProgress = errors.New("a request with this idempotency key is in progress")
)

// hashRequest is the fingerprint of a request body compared between uses of a key.
func hashRequest(body []byte) string {
	h := sha256.Sum256(body)
	return hex.EncodeToString(h[:])
}

// begin claims key for a request. It returns (nil, nil) when the caller is first and must process
// the request and then finish or abandon it; the stored answer when the same request finished
// before; errKeyReused or errInProgress otherwise.
func (s *idempotencyStore) begin(ctx context.Context, client, op, key, hash string, now time.Time) (*stored, error) {
	var out *stored
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		out = nil
		var h string
		var status int
		var resp string
		err := tx.QueryRowContext(ctx, `SELECT request_hash, status, response FROM gateway_idempotency
			WHERE client_id = $1 AND operation = $2 AND idem_key = $3`, client, op, key).Scan(&h, &status, &resp)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO gateway_idempotency (client_id, operation, idem_key, request_hash, status, response, created_at)
				VALUES ($1, $2, $3, $4, 0, '', $5)`, client, op, key, hash, now.UnixMilli())
			return err
		case err != nil:
			return err
		case h != hash:
			return errKeyReused
		case status == 0:
			return errInProgress
		}
		out = &stored{status: status, response: []byte(resp)}
		return nil
	})
	if database.IsUniqueViolation(err) {
		// Another request claimed the key between our read and our insert (PostgreSQL).
		return nil, errInProgress
	}
	if err != nil && !errors.Is(err, errKeyReused) && !errors.Is(err, errInProgress) {
		return nil, fmt.Errorf("idempotency begin: %w", err)
	}
	return out, err
}

// finish stores the answer of the request that claimed key.
func (s *idempotencyStore) finish(ctx context.Context, client, op, key string, status int, response []byte) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE gateway_idempotency SET status = $1, response = $2
			WHERE client_id = $3 AND operation = $4 AND idem_key = $5`, status, string(response), client, op, key)
		return err
	})
}

// abandon releases key after a failure that left nothing done or whose outcome is unknown (the bank
// did not answer): the TPP may retry with the same key, and the bank's own exactly-once rule per
// consent makes that safe.
func (s *idempotencyStore) abandon(ctx context.Context, client, op, key string) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM gateway_idempotency WHERE client_id = $1 AND operation = $2 AND idem_key = $3 AND status = 0`,
			client, op, key)
		return err
	})
}

// paymentRecord is a payment the gateway initiated.
type paymentRecord struct {
	PaymentID, ConsentID, ClientID string
	Request                        []byte
}

// savePayment logs a payment; the same payment saved again (a replay the bank answered with the
// first payment) is left as it was.
func (s *idempotencyStore) savePayment(ctx context.Context, p paymentRecord, now time.Time) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO gateway_payments (payment_id, consent_id, client_id, request, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (payment_id) DO NOTHING`, p.PaymentID, p.ConsentID, p.ClientID, string(p.Request), now.UnixMilli())
		return err
	})
}

// payment returns a logged payment; sql.ErrNoRows when unknown.
func (s *idempotencyStore) payment(ctx context.Context, id string) (paymentRecord, error) {
	p := paymentRecord{PaymentID: id}
	var req string
	err := s.db.QueryRowContext(ctx, `SELECT consent_id, client_id, request FROM gateway_payments WHERE payment_id = $1`, id).
		Scan(&p.ConsentID, &p.ClientID, &req)
	p.Request = []byte(req)
	return p, err
}
