#!/usr/bin/env python3
"""A fake PostgreSQL server for the hub's tests: what a man in the middle or a
hostile server would do to get a member's password.

It listens on 127.0.0.1 (a free port, printed on the first line of stdout),
answers the client's SSLRequest with 'S', does TLS with a certificate for
127.0.0.1 signed by the CA it is given (made here with openssl), reads the
StartupMessage, then asks for the password in clear text
(AuthenticationCleartextPassword, R/3), as MD5 (R/5), or lets the login in
without one (AuthenticationOk, R/0, "trust"). Whatever the client sends after
that is written to the log ("answered: …"). A Tòa Soạn workbench must send
nothing: it requires SCRAM with channel binding.

Protocol: PostgreSQL's documentation, "Frontend/Backend Protocol", sections
"Message Flow" (Start-up, SSL Session Encryption) and "Message Formats".
One connection, then it exits (or after 30 s).
"""
import argparse
import os
import socket
import ssl
import struct
import subprocess
import sys
import tempfile


def make_cert(ca_cert, ca_key, folder):
    key = os.path.join(folder, "fake.key")
    csr = os.path.join(folder, "fake.csr")
    crt = os.path.join(folder, "fake.crt")
    ext = os.path.join(folder, "san.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    subprocess.run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                    "-keyout", key, "-out", csr], **quiet)
    subprocess.run(["openssl", "x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key,
                    "-CAcreateserial", "-CAserial", os.path.join(folder, "ca.srl"), "-days", "2",
                    "-extfile", ext, "-out", crt], **quiet)
    return crt, key


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        part = conn.recv(n - len(data))
        if not part:
            raise EOFError
        data += part
    return data


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--auth", choices=["cleartext", "md5", "trust"], required=True)
    p.add_argument("--ca-cert", required=True)
    p.add_argument("--ca-key", required=True)
    p.add_argument("--log", required=True)
    a = p.parse_args()
    log = open(a.log, "w")

    def say(what):
        log.write(what + "\n")
        log.flush()

    with tempfile.TemporaryDirectory() as folder:
        crt, key = make_cert(a.ca_cert, a.ca_key, folder)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(crt, key)
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        srv.settimeout(30)
        print(srv.getsockname()[1], flush=True)
        conn, _ = srv.accept()
        conn.settimeout(10)
        length, code = struct.unpack("!ii", read_exact(conn, 8))
        if code == 80877103:  # SSLRequest
            conn.sendall(b"S")
            try:
                conn = ctx.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError) as e:
                say("tls-refused: %s" % e)
                return
            length = struct.unpack("!i", read_exact(conn, 4))[0]
            read_exact(conn, length - 4)
        else:
            read_exact(conn, length - 8)
            say("plain-startup")
        if a.auth == "cleartext":
            conn.sendall(b"R" + struct.pack("!ii", 8, 3))
        elif a.auth == "md5":
            conn.sendall(b"R" + struct.pack("!ii", 12, 5) + b"salt")
        else:
            conn.sendall(b"R" + struct.pack("!ii", 8, 0))
            conn.sendall(b"Z" + struct.pack("!i", 5) + b"I")
        say("asked: %s" % a.auth)
        try:
            data = conn.recv(65536)
        except (socket.timeout, ssl.SSLError, OSError):
            data = b""
        if data[:1] == b"X" and len(data) == 5:
            say("terminated")  # the client's Terminate message: it gave up
        elif data:
            say("answered: %r" % data)
        else:
            say("nothing")


if __name__ == "__main__":
    sys.exit(main())
