package pki_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// serve accepts TLS connections on 127.0.0.1 with cfg until the test ends; each connection that
// completes its handshake is answered "ok".
func serve(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { ln.Close(); <-done })
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(30 * time.Second))
				if err := c.(*tls.Conn).Handshake(); err != nil {
					return
				}
				_, _ = c.Write([]byte("ok"))
			}(c)
		}
	}()
	return ln.Addr().String()
}

// dial connects with cfg and reports the server certificate when the server answered, or the error
// that ended the exchange. With TLS 1.3 the server refuses a client certificate after the client's
// side of the handshake is done, so the refusal shows on the first read.
func dial(addr string, cfg *tls.Config) (*x509.Certificate, error) {
	c, err := tls.DialWithDialer(&net.Dialer{Timeout: 30 * time.Second}, "tcp", addr, cfg)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	b, err := io.ReadAll(c)
	if string(b) != "ok" {
		if err == nil {
			err = errors.New("connection closed without an answer")
		}
		return nil, err
	}
	return c.ConnectionState().PeerCertificates[0], nil
}
