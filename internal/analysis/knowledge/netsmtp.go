package knowledge

// net/smtp: Dial and SendMail connect with net.Dial, which has no timeout,
// and offer no way to pass a dialer; the bounded form is to dial with a
// timeout and hand the connection to smtp.NewClient.

// NetSMTP is the import path of net/smtp.
const NetSMTP = "net/smtp"

var smtpUntimedDials = []UntimedDial{
	{Path: NetSMTP, Name: "Dial", Network: -1,
		Hint: "dial with net.DialTimeout (or a net.Dialer with Timeout set) and pass the connection to smtp.NewClient"},
	{Path: NetSMTP, Name: "SendMail", Network: -1,
		Hint: "dial with net.DialTimeout, set a deadline on the connection and send through smtp.NewClient"},
}
