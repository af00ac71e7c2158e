// Probe sockets with kernel receive timestamps (see packages/probe/README.md, "Kernel timestamps").
// Two kinds, one receive/send path: a raw socket (IPv4 ICMP or TCP with IP_HDRINCL, IPv6 TCP or
// ICMPv6 with IPV6_HDRINCL; open()) and a UDP socket bound to a source address, port 0 (the DNS
// probe's; open_udp()). Either is optionally bound to a device and has SO_TIMESTAMPNS: every
// datagram is read with recvmmsg() together with the time the kernel received it, so the time the
// JS thread takes to get to it is not in the RTT. Sends are one sendto() each, stamped with
// clock_gettime(CLOCK_REALTIME) (SO_TIMESTAMPNS's clock) just before it.
// Driven by a uv_poll_t on Node's loop, as packages/udp's addon.
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#ifndef IPV6_HDRINCL
#define IPV6_HDRINCL 36  // include/uapi/linux/in6.h, Linux 4.5+
#endif

// Shared buffer: BATCH data slots of SLOT octets, then BATCH metadata entries of META octets.
// Entry: word 0 length, 1 seconds, 2 nanoseconds (the kernel's receive time, CLOCK_REALTIME),
// 3 length of the sender's text, 4 1 when the time came from the kernel (0: read time), 5 the
// sender's port (UDP; 0 on raw sockets), bytes 24..79 the sender as inet_ntop() writes it.
// src/native.ts mirrors this.
#define BATCH 64
#define SLOT 2048
#define META 80
#define B_FROM 24
#define MAX_ROUNDS 8
#define CMSG_BUF 64

typedef struct {
  napi_env env;
  uv_poll_t poll;
  int fd, family;
  uint8_t *mem;
  napi_ref buffer_ref, callback_ref;
  napi_async_context async_ctx;
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_in6 names[BATCH];
  uint8_t ctrl[BATCH][CMSG_BUF];
  int closing, owners;
  napi_async_cleanup_hook_handle cleanup_hook;
  double received, kernel_stamped, truncated, recv_errors, sent, send_errors;
} sock_t;

static void throw_errno(napi_env env, int err, const char *what) {
  char msg[200];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, uv_err_name(-err), msg);
}

static int take(sock_t *s, int i) {
  struct msghdr *h = &s->msgs[i].msg_hdr;
  if (h->msg_flags & MSG_TRUNC) return 0;
  uint8_t *entry = s->mem + (size_t)BATCH * SLOT + (size_t)i * META;
  uint32_t *w = (uint32_t *)entry;
  w[0] = s->msgs[i].msg_len;
  w[4] = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR(h, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
      struct timespec ts;
      memcpy(&ts, CMSG_DATA(c), sizeof ts);
      w[1] = (uint32_t)ts.tv_sec;
      w[2] = (uint32_t)ts.tv_nsec;
      w[4] = 1;
    }
  }
  if (w[4] == 0) {  // no stamp (should not happen with SO_TIMESTAMPNS set): the read time
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    w[1] = (uint32_t)ts.tv_sec;
    w[2] = (uint32_t)ts.tv_nsec;
  } else {
    s->kernel_stamped++;
  }
  char *text = (char *)entry + B_FROM;
  // sin_port and sin6_port sit at the same offset; a raw socket's is 0.
  w[5] = ntohs(s->names[i].sin6_port);
  const void *addr = s->family == 4 ? (const void *)&((struct sockaddr_in *)&s->names[i])->sin_addr
                                    : (const void *)&s->names[i].sin6_addr;
  if (inet_ntop(s->family == 4 ? AF_INET : AF_INET6, addr, text, META - B_FROM) == NULL) text[0] = 0;
  w[3] = (uint32_t)strlen(text);
  return 1;
}

static int call_js(sock_t *s, int count) {
  napi_env env = s->env;
  napi_value fn, recv, arg, result;
  napi_get_reference_value(env, s->callback_ref, &fn);
  napi_get_global(env, &recv);
  napi_create_int32(env, count, &arg);
  if (napi_make_callback(env, s->async_ctx, recv, fn, 1, &arg, &result) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
      napi_value err;
      napi_get_and_clear_last_exception(env, &err);
      napi_fatal_exception(env, err);
    }
    return 0;
  }
  return 1;
}

static void on_poll(uv_poll_t *handle, int status, int events) {
  sock_t *s = handle->data;
  if (s->closing) return;
  if (status < 0) {
    s->recv_errors++;
    return;
  }
  napi_handle_scope scope;
  napi_open_handle_scope(s->env, &scope);
  for (int round = 0; round < MAX_ROUNDS && !s->closing; round++) {
    for (int i = 0; i < BATCH; i++) {
      s->msgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in6);
      s->msgs[i].msg_hdr.msg_controllen = CMSG_BUF;
      s->msgs[i].msg_hdr.msg_flags = 0;
    }
    int n = recvmmsg(s->fd, s->msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) s->recv_errors++;
      break;
    }
    // Truncated datagrams (longer than a slot: not a reply of ours) are dropped and compacted out.
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!take(s, i)) {
        s->truncated++;
        continue;
      }
      if (k != i) {
        memcpy(s->mem + (size_t)k * SLOT, s->mem + (size_t)i * SLOT, s->msgs[i].msg_len);
        memcpy(s->mem + (size_t)BATCH * SLOT + (size_t)k * META, s->mem + (size_t)BATCH * SLOT + (size_t)i * META, META);
      }
      k++;
    }
    s->received += k;
    if (k > 0 && !call_js(s, k)) break;
    if (n < BATCH) break;  // drained: the level-triggered poll wakes us for what comes next
  }
  napi_close_handle_scope(s->env, scope);
}

static void on_closed(uv_handle_t *handle) {
  sock_t *s = handle->data;
  napi_remove_async_cleanup_hook(s->cleanup_hook);
  if (--s->owners == 0) free(s);
}

static void finalize_external(napi_env env, void *data, void *hint) {
  sock_t *s = data;
  if (--s->owners == 0) free(s);
}

static void shut(sock_t *s) {
  s->closing = 1;
  uv_poll_stop(&s->poll);
  close(s->fd);
  uv_close((uv_handle_t *)&s->poll, on_closed);
}

static void on_env_cleanup(napi_async_cleanup_hook_handle hook, void *data) {
  sock_t *s = data;
  if (!s->closing) shut(s);
}

// The receive options every probe socket gets: SO_RCVBUF (when > 0) and SO_TIMESTAMPNS. Returns
// the name of the step that failed (errno set), or NULL.
static const char *receive_options(int fd, int rcvbuf) {
  int one = 1;
  if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf)) return "SO_RCVBUF";
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one)) return "SO_TIMESTAMPNS";
  return NULL;
}

// Closes fd and throws with errno's name when step failed; returns 1 when it did.
static int failed(napi_env env, int fd, const char *step) {
  if (step == NULL) return 0;
  int err = errno;
  close(fd);
  throw_errno(env, err, step);
  return 1;
}

// The shared part of both kinds: a set-up socket handed to the receive path (uv_poll on Node's
// loop, recvmmsg into the shared buffer, onPackets(count) per round). Returns { handle, buffer },
// or NULL with an exception pending (fd closed).
static napi_value attach(napi_env env, int fd, int family, napi_value callback, const char *resource_name) {
  sock_t *s = calloc(1, sizeof *s);
  if (s == NULL) {
    close(fd);
    napi_throw_error(env, "ENOMEM", "out of memory");
    return NULL;
  }
  s->env = env;
  s->fd = fd;
  s->family = family;
  s->owners = 2;
  napi_value buffer;
  void *mem;
  napi_create_arraybuffer(env, (size_t)BATCH * (SLOT + META), &mem, &buffer);
  s->mem = mem;
  napi_create_reference(env, buffer, 1, &s->buffer_ref);
  napi_create_reference(env, callback, 1, &s->callback_ref);
  napi_value resource, name;
  napi_create_object(env, &resource);
  napi_create_string_utf8(env, resource_name, NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, resource, name, &s->async_ctx);
  for (int i = 0; i < BATCH; i++) {
    s->iov[i].iov_base = s->mem + (size_t)i * SLOT;
    s->iov[i].iov_len = SLOT;
    s->msgs[i].msg_hdr.msg_iov = &s->iov[i];
    s->msgs[i].msg_hdr.msg_iovlen = 1;
    s->msgs[i].msg_hdr.msg_name = &s->names[i];
    s->msgs[i].msg_hdr.msg_control = s->ctrl[i];
  }
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &s->poll, fd);
  s->poll.data = s;
  uv_poll_start(&s->poll, UV_READABLE, on_poll);
  napi_add_async_cleanup_hook(env, on_env_cleanup, s, &s->cleanup_hook);
  napi_value out, handle;
  napi_create_object(env, &out);
  napi_create_external(env, s, finalize_external, NULL, &handle);
  napi_set_named_property(env, out, "handle", handle);
  napi_set_named_property(env, out, "buffer", buffer);
  return out;
}

static int is_function(napi_env env, napi_value v) {
  napi_valuetype t;
  return napi_typeof(env, v, &t) == napi_ok && t == napi_function;
}

// open(family 4|6, protocol 1|6|58, device ("" = none), receiveBufferBytes, onPackets(count))
//   -> { handle, buffer }. Throws with code = errno name and a message naming the step that failed.
static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int family, protocol, rcvbuf;
  char device[IFNAMSIZ + 1];
  size_t device_len;
  if (argc < 5 || napi_get_value_int32(env, argv[0], &family) != napi_ok ||
      napi_get_value_int32(env, argv[1], &protocol) != napi_ok ||
      napi_get_value_string_utf8(env, argv[2], device, sizeof device, &device_len) != napi_ok ||
      napi_get_value_int32(env, argv[3], &rcvbuf) != napi_ok || !is_function(env, argv[4]) || (family != 4 && family != 6) ||
      (protocol != IPPROTO_ICMP && protocol != IPPROTO_TCP && protocol != IPPROTO_ICMPV6) || device_len >= IFNAMSIZ || rcvbuf < 0) {
    napi_throw_error(env, "EINVAL", "open(family 4|6, protocol 1|6|58, device, receiveBufferBytes, onPackets)");
    return NULL;
  }
  int fd = socket(family == 4 ? AF_INET : AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd < 0) {
    throw_errno(env, errno, "socket(SOCK_RAW) (root or CAP_NET_RAW needed)");
    return NULL;
  }
  int one = 1;
  const char *step = NULL;
  if (family == 4 ? setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof one)
                  : setsockopt(fd, IPPROTO_IPV6, IPV6_HDRINCL, &one, sizeof one))
    step = family == 4 ? "IP_HDRINCL" : "IPV6_HDRINCL (Linux 4.5+)";
  else if ((step = receive_options(fd, rcvbuf)) != NULL)
    ;
  else if (device_len > 0 && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, (socklen_t)device_len + 1))
    step = "SO_BINDTODEVICE";
  if (failed(env, fd, step)) return NULL;
  return attach(env, fd, family, argv[4], "dnsteer.RawProbe");
}

// open_udp(family 4|6, source address, device ("" = none), receiveBufferBytes, onPackets(count))
//   -> { handle, buffer, port, deviceBound }. A UDP socket bound to (source, port 0): the kernel
// routes by that source (ip rule from) and, with the device, by it too (ip rule oif). Binding to
// the device needs CAP_NET_RAW before Linux 5.7: refused with EPERM, the socket stays unbound to it
// (deviceBound false) and the source route alone applies; any other device error throws.
static napi_value js_open_udp(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int family, rcvbuf;
  char source[64], device[IFNAMSIZ + 1];
  size_t source_len, device_len;
  if (argc < 5 || napi_get_value_int32(env, argv[0], &family) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], source, sizeof source, &source_len) != napi_ok ||
      napi_get_value_string_utf8(env, argv[2], device, sizeof device, &device_len) != napi_ok ||
      napi_get_value_int32(env, argv[3], &rcvbuf) != napi_ok || !is_function(env, argv[4]) || (family != 4 && family != 6) ||
      device_len >= IFNAMSIZ || rcvbuf < 0) {
    napi_throw_error(env, "EINVAL", "open_udp(family 4|6, source, device, receiveBufferBytes, onPackets)");
    return NULL;
  }
  struct sockaddr_in6 local;
  socklen_t local_len;
  memset(&local, 0, sizeof local);
  int ok;
  if (family == 4) {
    struct sockaddr_in *a = (struct sockaddr_in *)&local;
    a->sin_family = AF_INET;
    local_len = sizeof *a;
    ok = inet_pton(AF_INET, source, &a->sin_addr) == 1;
  } else {
    local.sin6_family = AF_INET6;
    local_len = sizeof local;
    ok = inet_pton(AF_INET6, source, &local.sin6_addr) == 1;
  }
  if (!ok) {
    napi_throw_error(env, "EINVAL", "open_udp: the source is not an address of the family");
    return NULL;
  }
  int fd = socket(family == 4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw_errno(env, errno, "socket(SOCK_DGRAM)");
    return NULL;
  }
  int device_bound = 0;
  if (failed(env, fd, receive_options(fd, rcvbuf))) return NULL;
  if (device_len > 0) {
    if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, (socklen_t)device_len + 1) == 0)
      device_bound = 1;
    else if (errno != EPERM && failed(env, fd, "SO_BINDTODEVICE"))
      return NULL;
  }
  if (failed(env, fd, bind(fd, (struct sockaddr *)&local, local_len) ? "bind" : NULL)) return NULL;
  if (failed(env, fd, getsockname(fd, (struct sockaddr *)&local, &local_len) ? "getsockname" : NULL)) return NULL;
  napi_value out = attach(env, fd, family, argv[4], "dnsteer.UdpProbe");
  if (out == NULL) return NULL;
  napi_value port, bound;
  napi_create_int32(env, ntohs(local.sin6_port), &port);
  napi_get_boolean(env, device_bound, &bound);
  napi_set_named_property(env, out, "port", port);
  napi_set_named_property(env, out, "deviceBound", bound);
  return out;
}

// Reads up to `max` arguments (at least `need`), the first being a socket handle.
static sock_t *get_sock(napi_env env, napi_callback_info info, napi_value *argv, size_t need, size_t max, size_t *got) {
  size_t argc = max;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (got != NULL) *got = argc;
  void *data = NULL;
  if (argc < need || napi_get_value_external(env, argv[0], &data) != napi_ok) {
    napi_throw_error(env, "EINVAL", "not a socket handle");
    return NULL;
  }
  return data;
}

// send(handle, packet (Uint8Array: IP header included on a raw socket, the payload on UDP), address
// [, port (UDP; raw: 0)]) -> the send time in microseconds since the epoch (CLOCK_REALTIME, taken
// right before sendto()), or -errno when sendto() failed.
static napi_value js_send(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  size_t argc;
  sock_t *s = get_sock(env, info, argv, 3, 4, &argc);
  if (s == NULL) return NULL;
  void *data;
  size_t len;
  char text[64];
  size_t text_len;
  int port = 0;
  if (napi_get_typedarray_info(env, argv[1], NULL, &len, &data, NULL, NULL) != napi_ok ||
      napi_get_value_string_utf8(env, argv[2], text, sizeof text, &text_len) != napi_ok ||
      (argc > 3 && napi_get_value_int32(env, argv[3], &port) != napi_ok) || port < 0 || port > 65535) {
    napi_throw_error(env, "EINVAL", "send(handle, packet, address[, port])");
    return NULL;
  }
  napi_value out;
  if (s->closing) {
    napi_create_double(env, -EBADF, &out);
    return out;
  }
  struct sockaddr_in6 to;
  socklen_t to_len;
  memset(&to, 0, sizeof to);
  int ok;
  if (s->family == 4) {
    struct sockaddr_in *a = (struct sockaddr_in *)&to;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    to_len = sizeof *a;
    ok = inet_pton(AF_INET, text, &a->sin_addr) == 1;
  } else {
    to.sin6_family = AF_INET6;
    to.sin6_port = htons((uint16_t)port);
    to_len = sizeof to;
    ok = inet_pton(AF_INET6, text, &to.sin6_addr) == 1;
  }
  if (!ok) {
    napi_create_double(env, -EINVAL, &out);
    return out;
  }
  struct timespec ts;
  ssize_t r;
  do {
    clock_gettime(CLOCK_REALTIME, &ts);
    r = sendto(s->fd, data, len, MSG_DONTWAIT, (struct sockaddr *)&to, to_len);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    s->send_errors++;
    napi_create_double(env, -errno, &out);
  } else {
    s->sent++;
    napi_create_double(env, (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3, &out);
  }
  return out;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sock_t *s = get_sock(env, info, argv, 1, 1, NULL);
  if (s != NULL && !s->closing) {
    napi_delete_reference(env, s->callback_ref);
    napi_delete_reference(env, s->buffer_ref);
    napi_async_destroy(env, s->async_ctx);
    shut(s);
  }
  return NULL;
}

static void set_num(napi_env env, napi_value obj, const char *key, double v) {
  napi_value n;
  napi_create_double(env, v, &n);
  napi_set_named_property(env, obj, key, n);
}

static napi_value js_stats(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sock_t *s = get_sock(env, info, argv, 1, 1, NULL);
  if (s == NULL) return NULL;
  napi_value out;
  napi_create_object(env, &out);
  set_num(env, out, "received", s->received);
  set_num(env, out, "kernelStamped", s->kernel_stamped);
  set_num(env, out, "truncated", s->truncated);
  set_num(env, out, "receiveErrors", s->recv_errors);
  set_num(env, out, "sent", s->sent);
  set_num(env, out, "sendErrors", s->send_errors);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"openUdp", NULL, js_open_udp, NULL, NULL, NULL, napi_default, NULL},
      {"send", NULL, js_send, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
      {"stats", NULL, js_stats, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
