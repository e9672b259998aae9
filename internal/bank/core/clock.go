package core

import "time"

// Clock tells the time. Services take one so tests can control it; production passes time.Now.
type Clock func() time.Time
