package roundrobin

import (
	"bufio"
	"fmt"
	"net"
	"testing"
)

// echoServer answers each line with its own name and the line.
func echoServer(t *testing.T, name string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				s := bufio.NewScanner(c)
				for s.Scan() {
					fmt.Fprintf(c, "%s:%s\n", name, s.Text())
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func TestRoundRobinSkipsDeadBackend(t *testing.T) {
	a, b := echoServer(t, "a"), echoServer(t, "b")
	dead, _ := net.Listen("tcp", "127.0.0.1:0")
	deadAddr := dead.Addr().String()
	dead.Close()
	p, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.SetBackends(a, deadAddr, b)
	var got []string
	for i := range 4 {
		c, err := net.Dial("tcp", p.Addr())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "hi%d\n", i)
		line, err := bufio.NewReader(c).ReadString('\n')
		c.Close()
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		got = append(got, line[:1])
	}
	// Turns: a, dead→b, b, a.
	if fmt.Sprint(got) != "[a b b a]" {
		t.Errorf("backends in turn = %v; want [a b b a]", got)
	}
	if n := p.Connections(); n[a] != 2 || n[b] != 2 || n[deadAddr] != 0 {
		t.Errorf("connections = %v", n)
	}
}
