// Package roundrobin is a small TCP load balancer for loopback tests and benchmarks: it hands each new
// connection to the next of its backends in turn, skipping one that refuses the connection, and
// copies bytes both ways without looking at them, so mutual TLS passes through to the replica as it
// would through a cloud network load balancer. It stands in for the balancer in front of stateless
// replicas in the scale-out test and `ifconnect bench gateway --replicas`.
package roundrobin

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy is a listening round-robin TCP proxy.
type Proxy struct {
	ln net.Listener

	mu       sync.Mutex
	backends []string
	counts   map[string]*atomic.Int64
	next     atomic.Uint64
	conns    map[net.Conn]struct{}
	closed   bool
	wg       sync.WaitGroup
}

// Listen starts a proxy on addr (e.g. "127.0.0.1:0") with no backends yet.
func Listen(addr string) (*Proxy, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, counts: map[string]*atomic.Int64{}, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

// Addr is the proxy's listening address.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// SetBackends replaces the backends (host:port) new connections go to.
func (p *Proxy) SetBackends(addrs ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.backends = append([]string(nil), addrs...)
	for _, a := range addrs {
		if p.counts[a] == nil {
			p.counts[a] = &atomic.Int64{}
		}
	}
}

// Connections returns how many connections each backend has been given.
func (p *Proxy) Connections() map[string]int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int64, len(p.counts))
	for a, c := range p.counts {
		out[a] = c.Load()
	}
	return out
}

// Close stops accepting and closes every proxied connection.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *Proxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(5 * time.Millisecond)
			continue
		}
		p.wg.Add(1)
		go p.handle(c)
	}
}

// track registers c for Close; false when the proxy is closing.
func (p *Proxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *Proxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
	}
}

// dial connects to the next backend in turn, trying each once: a replica that is down refuses the
// connection and the client is sent to the next, as a balancer's health check would.
func (p *Proxy) dial() (net.Conn, string, error) {
	p.mu.Lock()
	backends := p.backends
	p.mu.Unlock()
	if len(backends) == 0 {
		return nil, "", errors.New("roundrobin: no backends")
	}
	start := p.next.Add(1) - 1
	var last error
	for i := range len(backends) {
		addr := backends[(start+uint64(i))%uint64(len(backends))]
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err == nil {
			return c, addr, nil
		}
		last = err
	}
	return nil, "", last
}

func (p *Proxy) handle(client net.Conn) {
	defer p.wg.Done()
	backend, addr, err := p.dial()
	if err != nil {
		client.Close()
		return
	}
	p.mu.Lock()
	p.counts[addr].Add(1)
	p.mu.Unlock()
	if !p.track(client, backend) {
		client.Close()
		backend.Close()
		return
	}
	defer p.untrack(client, backend)
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		io.Copy(dst, src)
		// Half-close so the other side sees EOF and finishes too.
		if tc, ok := dst.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
		done <- struct{}{}
	}
	go pipe(backend, client)
	go pipe(client, backend)
	<-done
	<-done
	client.Close()
	backend.Close()
}
