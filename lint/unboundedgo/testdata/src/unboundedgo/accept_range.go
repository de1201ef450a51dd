// A look-alike that is harmless: an accept loop written as a range over a channel of
// incoming connections. From: rclone cmd/serve/sftp/connection.go:350 (for newChannel :=
// range chans { go c.handleChannel(newChannel) }), the pattern golang.org/x/crypto/ssh
// documents for ssh.NewChannel. Why harmless: one goroutine per connection (or SSH channel)
// is a server's design, like the goroutine per Accept that the check already leaves alone
// ("loops without a condition"); the channel is a stream of arrivals, not a collection
// whose size an input chose at once.
package unboundedgo

import "net"

type sshConn struct{}

func (c *sshConn) handleChannels(chans <-chan net.Conn) {
	for ch := range chans {
		go c.handleChannel(ch)
	}
}

func (c *sshConn) handleChannel(ch net.Conn) {
	defer ch.Close()
	buf := make([]byte, 512)
	for {
		if _, err := ch.Read(buf); err != nil {
			return
		}
	}
}
