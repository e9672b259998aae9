// Package packaging checks the deployment files of deploy/ without a container engine: it runs the
// Dockerfile's own build command and checks the image's command line, the systemd unit's and the
// example configuration against the options the binary it produced accepts, and the properties an
// operator relies on (static binary, unprivileged user, drain on SIGTERM, reload on SIGHUP).
package packaging
