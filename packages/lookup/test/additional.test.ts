import { lookupTable } from "./helpers/table.js";

const example = `
$TTL 3600
@          SOA   ns1 hostmaster 1 7200 900 1209600 300
@          NS    ns1
@          NS    ns.sub
@          NS    ns.example.net.
@          MX    10 mail
@          MX    20 mail.other.test.
@          MX    30 mx.sub
@          MX    40 gone
@          MX    50 mail
ns1        A     192.0.2.53
mail       A     192.0.2.25
mail       AAAA  2001:db8::25
_sip._udp  SRV   0 5 5060 sip
_sip._udp  SRV   1 5 5060 sip.other.test.
_nope._udp SRV   0 0 0 .
sip        AAAA  2001:db8::5060
sub        NS    ns.sub
ns.sub     A     192.0.2.99
mx.sub     A     192.0.2.98
self       MX    10 self
self       A     192.0.2.77
alias      MX    10 cn
cn         CNAME mail
behind     MX    10 a.dn
svc        HTTPS 1 web
svc        HTTPS 2 mx.sub
web        A     192.0.2.8
dn         DNAME elsewhere.test.
`;
const other = `
$TTL 600
@     SOA  ns1.example. hostmaster.example. 1 7200 900 1209600 300
@     NS   ns1.example.
mail  A    198.51.100.25
sip   A    198.51.100.60
`;

lookupTable("additional section processing (RFC 1034 3.6, RFC 2782)", { "example.": example, "other.test.": other }, [
  {
    q: "example. MX",
    why: "targets in the answering zone only (not other zones we serve, as Knot); not below a cut; each target once",
    head: "answer NOERROR aa",
    answer: [
      "example. 3600 MX 10 mail.example.",
      "example. 3600 MX 20 mail.other.test.",
      "example. 3600 MX 30 mx.sub.example.",
      "example. 3600 MX 40 gone.example.",
      "example. 3600 MX 50 mail.example.",
    ],
    additional: ["mail.example. 3600 A 192.0.2.25", "mail.example. 3600 AAAA 2001:db8::25"],
  },
  {
    q: "example. NS",
    why: "an NS target below a cut is glue and is included",
    head: "answer NOERROR aa",
    answer: ["example. 3600 NS ns1.example.", "example. 3600 NS ns.sub.example.", "example. 3600 NS ns.example.net."],
    additional: ["ns1.example. 3600 A 192.0.2.53", "ns.sub.example. 3600 A 192.0.2.99"],
  },
  {
    q: "_sip._udp.example. SRV",
    head: "answer NOERROR aa",
    answer: ["_sip._udp.example. 3600 SRV 0 5 5060 sip.example.", "_sip._udp.example. 3600 SRV 1 5 5060 sip.other.test."],
    additional: ["sip.example. 3600 AAAA 2001:db8::5060"],
  },
  {
    q: "_nope._udp.example. SRV",
    why: 'target "." means no service',
    head: "answer NOERROR aa",
    answer: ["_nope._udp.example. 3600 SRV 0 0 0 ."],
  },
  {
    q: "self.example. ANY",
    why: "addresses already in the answer are not repeated",
    head: "answer NOERROR aa",
    answer: ["self.example. 3600 MX 10 self.example.", "self.example. 3600 A 192.0.2.77"],
  },
  {
    q: "self.example. MX",
    head: "answer NOERROR aa",
    answer: ["self.example. 3600 MX 10 self.example."],
    additional: ["self.example. 3600 A 192.0.2.77"],
  },
  {
    q: "alias.example. MX",
    why: "an MX target that is a CNAME is not chased",
    head: "answer NOERROR aa",
    answer: ["alias.example. 3600 MX 10 cn.example."],
  },
  {
    q: "behind.example. MX",
    why: "a target behind a DNAME is not looked up",
    head: "answer NOERROR aa",
    answer: ["behind.example. 3600 MX 10 a.dn.example."],
  },
  {
    q: "svc.example. HTTPS",
    why: "RFC 9460 4.2 targets, via the codec's additionalNames; not from below a cut",
    head: "answer NOERROR aa",
    answer: ["svc.example. 3600 HTTPS 1 web.example.", "svc.example. 3600 HTTPS 2 mx.sub.example."],
    additional: ["web.example. 3600 A 192.0.2.8"],
  },
  { q: "mail.example. A", why: "A answers add nothing", head: "answer NOERROR aa", answer: ["mail.example. 3600 A 192.0.2.25"] },
]);
