#!/usr/bin/env python3
"""A stand-in for a province's source system (hệ thống thông tin nguồn), for tests, the demo
and benchmarks. Written from ../shared/docs/province-interface.md, not from Loa's adapter:

- A body with Username and Password is a login: it answers {"TrangThaiGui": 0, "NoiDung":
  {"Token": ...}}. Every other POST needs "Authorization: Bearer <token>"; a token older than
  --token-ttl seconds answers 401, as the systems in service do.
- Each record is recognised by its fields (a status ping has TrangThaiHoatDong, an airing log
  BanTinID + ThoiDiemBatDau, a schedule receipt LichPhatID) and checked for the fields the
  interface lists; a record missing one is refused with TrangThaiGui 1 and MoTa naming it.
- Faults on demand: POST /_double/faults {"fail": N, "status": 503, "delay": 0.5} makes the next
  N requests fail with that status, and every request wait `delay` seconds.
- GET /_double/requests lists what was received (path, kind, time, body); POST /_double/reset
  forgets it; POST /_double/expire makes every token expired; GET /media/NAME serves --media DIR.
"""
import argparse, json, os, socket, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATUS = ["NguonID", "TenNguon", "DichID", "TenDich", "CumLoaID", "TenThietBi", "TenLoaiThietBi", "MaNhaCungCap",
          "TenNhaCungCap", "AmLuong", "TrangThaiHoatDong", "TrangThaiKetNoi", "ViDo", "KinhDo", "ThongTinThietBi",
          "ThoiDiemBatDau", "NoiDungPhat", "PhienBanUngDung"]
AIRING = ["NguonID", "TenNguon", "DichID", "TenDich", "CumLoaID", "TenThietBi", "MaNhaCungCap", "TenNhaCungCap",
          "BanTinID", "LoaiBanTin", "MucDoUuTien", "TieuDe", "LoaiLinhVuc", "NoiDungTomTat", "ThoiGianSanXuat",
          "ThoiLuong", "TacGia", "ThoiDiemBatDau", "TiepAm", "NguonTiepAm", "NoiDung", "ThongTinChiTietBanTin",
          "NguonTin", "AmLuong", "CongSuat"]
ADDED = ["NguonID", "TenNguon", "DichID", "TenDich", "DanhSachDiaBan", "CumLoaID", "TenThietBi", "MaNhaCungCap",
         "TenNhaCungCap", "LichPhatID", "TenLichPhat", "DanhSachBanTin"]
CANCELLED = ["NguonID", "TenNguon", "DichID", "TenDich", "DanhSachThietBi", "LichPhatID", "TenLichPhat"]

lock = threading.Lock()
received = []
tokens = {}
faults = {"fail": 0, "status": 503, "delay": 0.0}
args = None


def kind_of(body):
    if "Username" in body and "Password" in body:
        return "login"
    if "TrangThaiHoatDong" in body:
        return "status"
    if "BanTinID" in body and "ThoiDiemBatDau" in body:
        return "airing"
    if "LichPhatID" in body and "DanhSachBanTin" in body:
        return "schedule-added"
    if "LichPhatID" in body:
        return "schedule-cancelled"
    return "unknown"


def missing(kind, body):
    need = {"status": STATUS, "airing": AIRING, "schedule-added": ADDED, "schedule-cancelled": CANCELLED}.get(kind, [])
    return [k for k in need if k not in body]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out as two writes: without this, Nagle and the client's delayed ACK
        # add ~40 ms to every answer on a kept-alive connection.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def reply(self, status, obj):
        data = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_double/requests":
            with lock:
                return self.reply(200, received)
        if self.path.startswith("/media/") and args.media:
            name = os.path.basename(self.path)
            p = os.path.join(args.media, name)
            if os.path.isfile(p):
                data = open(p, "rb").read()
                self.send_response(200)
                self.send_header("Content-Type", "audio/mpeg" if name.endswith(".mp3") else "audio/wav")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                return self.wfile.write(data)
        self.reply(404, {"TrangThaiGui": 1, "MoTa": "không có"})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        if self.path == "/_double/faults":
            with lock:
                faults.update(json.loads(raw or b"{}"))
            return self.reply(200, {"TrangThaiGui": 0})
        if self.path == "/_double/reset":
            with lock:
                received.clear()
            return self.reply(200, {"TrangThaiGui": 0})
        if self.path == "/_double/expire":
            with lock:
                for t in tokens:
                    tokens[t] = 0
            return self.reply(200, {"TrangThaiGui": 0})
        with lock:
            delay = faults["delay"]
            fail = faults["fail"] > 0
            if fail:
                faults["fail"] -= 1
            status = faults["status"]
        if delay:
            time.sleep(delay)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        kind = kind_of(body) if isinstance(body, dict) else "bad-json"
        auth = self.headers.get("Authorization", "")
        entry = {"path": self.path, "kind": kind, "at": time.time(), "body": body, "auth": auth.startswith("Bearer ")}
        if fail:
            entry["answer"] = status
            with lock:
                received.append(entry)
            return self.reply(status, {"TrangThaiGui": 1, "MoTa": "Hệ thống đang bận"})
        if kind == "login":
            ok = body.get("Username") == args.user and body.get("Password") == args.password
            entry["body"] = {"Username": body.get("Username"), "Password": "***"}
            entry["answer"] = 200 if ok else 401
            with lock:
                received.append(entry)
                if ok:
                    token = "tok-%d-%s" % (len(tokens) + 1, os.urandom(6).hex())
                    tokens[token] = time.time()
            if not ok:
                return self.reply(401, {"TrangThaiGui": 1, "MoTa": "Sai tài khoản hoặc mật khẩu"})
            return self.reply(200, {"TrangThaiGui": 0, "MoTa": "", "NoiDung": {"Token": token}})
        token = auth[7:] if auth.startswith("Bearer ") else ""
        with lock:
            issued = tokens.get(token)
        if issued is None or time.time() - issued > args.token_ttl:
            entry["answer"] = 401
            with lock:
                received.append(entry)
            return self.reply(401, {"TrangThaiGui": 1, "MoTa": "Token hết hạn"})
        gaps = missing(kind, body) if isinstance(body, dict) else ["JSON"]
        entry["answer"] = 200
        entry["missing"] = gaps
        if args.quiet:
            entry["body"] = {"CumLoaID": body.get("CumLoaID")} if isinstance(body, dict) else None
        with lock:
            received.append(entry)
        if gaps:
            return self.reply(200, {"TrangThaiGui": 1, "MoTa": "Thiếu trường: " + ", ".join(gaps)})
        self.reply(200, {"TrangThaiGui": 0, "MoTa": ""})


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", default="loa-xa")
    p.add_argument("--password", default="mat-khau-thu")
    p.add_argument("--token-ttl", type=float, default=3600)
    p.add_argument("--media", default=None)
    p.add_argument("--delay", type=float, default=0.0, help="seconds every answer waits (a distant province)")
    p.add_argument("--quiet", action="store_true", help="keep only counts, not bodies (benchmarks)")
    args = p.parse_args()
    faults["delay"] = args.delay
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
