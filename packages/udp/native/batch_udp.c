// Batched UDP I/O for Node: one non-blocking UDP socket, recvmmsg into a preallocated ring,
// one JS call per batch, sendmmsg for the batch's answers with the source address set per
// answer (IP_PKTINFO / IPV6_PKTINFO). Driven by a uv_poll_t on Node's own loop.
// Layout of the shared ArrayBuffer and of each 64-byte metadata entry: see ../README.md.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#define META_SIZE 64
// Metadata entry, in 32-bit words (host order), then two 16-byte address fields.
#define W_OFFSET 0
#define W_LENGTH 1
#define W_PORT 2
#define W_FAMILY 3
#define W_IFINDEX 4
#define B_PEER 32
#define B_LOCAL 48
// Control words at the end of the shared buffer.
#define C_TX_COUNT 0
#define C_RX_COUNT 1
#define CONTROL_SIZE 64
#define CMSG_BUF 64

typedef struct {
  napi_env env;
  uv_poll_t poll;
  int fd, family, batch, buffer_size, max_batches, queue_limit;
  uint8_t *mem;
  size_t mem_size;
  uint8_t *rx_meta, *tx_meta;
  uint32_t *control;
  size_t rx_data_off, tx_data_off, rx_meta_off, tx_meta_off, control_off;
  napi_ref buffer_ref, callback_ref;
  napi_async_context async_ctx;
  struct mmsghdr *rx_msgs, *tx_msgs;
  struct iovec *rx_iov, *tx_iov;
  struct sockaddr_in6 *rx_names, *tx_names;
  uint8_t *rx_ctrl, *tx_ctrl;
  // Bounded send queue (answers the kernel refused with EAGAIN), a ring of copies.
  uint8_t *q_data, *q_meta;
  int q_head, q_len, watching_writable;
  int closing;
  napi_async_cleanup_hook_handle cleanup_hook;  // removed once the poll handle is closed
  int owners;  // the poll handle and the JS external: the last of them to go frees the struct
  double received, sent, batches, queued, dropped, send_errors, truncated, recv_errors;
} sock_t;

static void throw_code(napi_env env, const char *code, const char *msg) { napi_throw_error(env, code, msg); }

static void throw_errno(napi_env env, int err, const char *what) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(err));
  napi_throw_error(env, uv_err_name(-err), msg);
}

static int link_local(const uint8_t *a) { return a[0] == 0xfe && (a[1] & 0xc0) == 0x80; }

// Fills one outgoing message from a metadata entry; returns 0 when the entry is unusable.
static int fill_msg(sock_t *s, struct mmsghdr *m, struct iovec *iov, struct sockaddr_in6 *name, uint8_t *ctrl,
                    const uint8_t *entry, uint8_t *data) {
  const uint32_t *w = (const uint32_t *)entry;
  uint32_t len = w[W_LENGTH];
  if (len > 65535) return 0;
  iov->iov_base = data;
  iov->iov_len = len;
  memset(&m->msg_hdr, 0, sizeof m->msg_hdr);
  m->msg_hdr.msg_iov = iov;
  m->msg_hdr.msg_iovlen = 1;
  m->msg_hdr.msg_name = name;
  static const uint8_t zero[16];
  int has_local = memcmp(entry + B_LOCAL, zero, s->family == 4 ? 4 : 16) != 0;
  if (s->family == 4) {
    struct sockaddr_in *a = (struct sockaddr_in *)name;
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)w[W_PORT]);
    memcpy(&a->sin_addr, entry + B_PEER, 4);
    m->msg_hdr.msg_namelen = sizeof *a;
    if (has_local) {
      m->msg_hdr.msg_control = ctrl;
      m->msg_hdr.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
      memset(ctrl, 0, m->msg_hdr.msg_controllen);
      struct cmsghdr *c = CMSG_FIRSTHDR(&m->msg_hdr);
      c->cmsg_level = IPPROTO_IP;
      c->cmsg_type = IP_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
      struct in_pktinfo *p = (struct in_pktinfo *)CMSG_DATA(c);
      memcpy(&p->ipi_spec_dst, entry + B_LOCAL, 4);  // ifindex 0: the route picks the interface
    }
  } else {
    memset(name, 0, sizeof *name);
    name->sin6_family = AF_INET6;
    name->sin6_port = htons((uint16_t)w[W_PORT]);
    memcpy(&name->sin6_addr, entry + B_PEER, 16);
    m->msg_hdr.msg_namelen = sizeof *name;
    if (has_local) {
      m->msg_hdr.msg_control = ctrl;
      m->msg_hdr.msg_controllen = CMSG_SPACE(sizeof(struct in6_pktinfo));
      memset(ctrl, 0, m->msg_hdr.msg_controllen);
      struct cmsghdr *c = CMSG_FIRSTHDR(&m->msg_hdr);
      c->cmsg_level = IPPROTO_IPV6;
      c->cmsg_type = IPV6_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo));
      struct in6_pktinfo *p = (struct in6_pktinfo *)CMSG_DATA(c);
      memcpy(&p->ipi6_addr, entry + B_LOCAL, 16);
      // The arrival interface only where an address is link-local (it means nothing without
      // one); otherwise 0, so routing (policy rules by source address) picks the way out.
      p->ipi6_ifindex = link_local(entry + B_PEER) || link_local(entry + B_LOCAL) ? w[W_IFINDEX] : 0;
    }
  }
  return 1;
}

static void on_poll(uv_poll_t *handle, int status, int events);

static void watch(sock_t *s, int writable) {
  if (s->closing || s->watching_writable == writable) return;
  s->watching_writable = writable;
  uv_poll_start(&s->poll, writable ? UV_READABLE | UV_WRITABLE : UV_READABLE, on_poll);
}

static void enqueue(sock_t *s, const uint8_t *entry, const uint8_t *data) {
  uint32_t len = ((const uint32_t *)entry)[W_LENGTH];
  if (s->q_len >= s->queue_limit || len > (uint32_t)s->buffer_size) {
    s->dropped++;
    return;
  }
  int slot = (s->q_head + s->q_len) % s->queue_limit;
  memcpy(s->q_meta + (size_t)slot * META_SIZE, entry, META_SIZE);
  memcpy(s->q_data + (size_t)slot * s->buffer_size, data, len);
  s->q_len++;
  s->queued++;
}

// Sends what the queue holds, in order, up to one batch per sendmmsg; stops on EAGAIN.
static void flush_queue(sock_t *s) {
  while (s->q_len > 0 && !s->closing) {
    int n = 0;
    while (n < s->q_len && n < s->batch) {
      int slot = (s->q_head + n) % s->queue_limit;
      fill_msg(s, &s->tx_msgs[n], &s->tx_iov[n], &s->tx_names[n], s->tx_ctrl + (size_t)n * CMSG_BUF,
               s->q_meta + (size_t)slot * META_SIZE, s->q_data + (size_t)slot * s->buffer_size);
      n++;
    }
    int r = sendmmsg(s->fd, s->tx_msgs, n, MSG_DONTWAIT);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;  // (ENOBUFS is not cured by waiting for POLLOUT: skip)
      r = 1;  // the first message failed for good: skip it
      s->send_errors++;
    } else {
      s->sent += r;
    }
    s->q_head = (s->q_head + r) % s->queue_limit;
    s->q_len -= r;
  }
  watch(s, s->q_len > 0);
}

// Sends tx metadata entries [0, count) with as few sendmmsg calls as the kernel allows.
static void send_answers(sock_t *s, uint32_t count) {
  if (count > (uint32_t)s->batch) count = s->batch;
  int m = 0;
  uint8_t *entries[1024];
  for (uint32_t j = 0; j < count; j++) {
    uint8_t *entry = s->tx_meta + (size_t)j * META_SIZE;
    const uint32_t *w = (const uint32_t *)entry;
    if ((size_t)w[W_OFFSET] + w[W_LENGTH] > s->mem_size ||
        !fill_msg(s, &s->tx_msgs[m], &s->tx_iov[m], &s->tx_names[m], s->tx_ctrl + (size_t)m * CMSG_BUF, entry,
                  s->mem + w[W_OFFSET])) {
      s->send_errors++;
      continue;
    }
    entries[m++] = entry;
  }
  int done = 0;
  // With answers already waiting, these go behind them (order kept); else straight out.
  if (s->q_len == 0)
    while (done < m) {
      int r = sendmmsg(s->fd, s->tx_msgs + done, m - done, MSG_DONTWAIT);
      if (r > 0) {
        done += r;
        s->sent += r;
        continue;
      }
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      s->send_errors++;  // this message cannot be sent (bad peer, no route): skip it
      done++;
    }
  for (int j = done; j < m; j++) {
    const uint32_t *w = (const uint32_t *)entries[j];
    enqueue(s, entries[j], s->mem + w[W_OFFSET]);
  }
  if (s->q_len > 0) watch(s, 1);
}

// Fills the rx metadata for message i of the last recvmmsg; returns 0 for a truncated datagram.
static int take_meta(sock_t *s, int i, int k) {
  struct msghdr *h = &s->rx_msgs[i].msg_hdr;
  if (h->msg_flags & MSG_TRUNC) return 0;
  uint8_t *entry = s->rx_meta + (size_t)k * META_SIZE;
  uint32_t *w = (uint32_t *)entry;
  memset(entry, 0, META_SIZE);
  w[W_OFFSET] = (uint32_t)(s->rx_data_off + (size_t)i * s->buffer_size);
  w[W_LENGTH] = s->rx_msgs[i].msg_len;
  w[W_FAMILY] = s->family;
  if (s->family == 4) {
    struct sockaddr_in *a = (struct sockaddr_in *)&s->rx_names[i];
    w[W_PORT] = ntohs(a->sin_port);
    memcpy(entry + B_PEER, &a->sin_addr, 4);
  } else {
    w[W_PORT] = ntohs(s->rx_names[i].sin6_port);
    memcpy(entry + B_PEER, &s->rx_names[i].sin6_addr, 16);
  }
  for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR(h, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      struct in_pktinfo *p = (struct in_pktinfo *)CMSG_DATA(c);
      memcpy(entry + B_LOCAL, &p->ipi_addr, 4);  // the header's destination: the address asked
      w[W_IFINDEX] = p->ipi_ifindex;
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      struct in6_pktinfo *p = (struct in6_pktinfo *)CMSG_DATA(c);
      memcpy(entry + B_LOCAL, &p->ipi6_addr, 16);
      w[W_IFINDEX] = p->ipi6_ifindex;
    }
  }
  return 1;
}

// Returns 0 when JS threw (the exception is handed to Node as uncaught).
static int call_js(sock_t *s, int count) {
  napi_env env = s->env;
  napi_value fn, recv, arg, result;
  napi_get_reference_value(env, s->callback_ref, &fn);
  napi_get_global(env, &recv);  // napi_make_callback needs an object receiver
  napi_create_int32(env, count, &arg);
  napi_status st = napi_make_callback(env, s->async_ctx, recv, fn, 1, &arg, &result);
  if (st != napi_ok) {
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
  if (events & UV_WRITABLE) flush_queue(s);
  if (!(events & UV_READABLE)) return;
  napi_handle_scope scope;
  napi_open_handle_scope(s->env, &scope);
  for (int b = 0; b < s->max_batches && !s->closing; b++) {
    for (int i = 0; i < s->batch; i++) {
      s->rx_msgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in6);
      s->rx_msgs[i].msg_hdr.msg_controllen = CMSG_BUF;
      s->rx_msgs[i].msg_hdr.msg_flags = 0;
    }
    int n = recvmmsg(s->fd, s->rx_msgs, s->batch, MSG_DONTWAIT, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) s->recv_errors++;  // e.g. ICMP errors queued on the socket
      break;
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (take_meta(s, i, k)) k++;
      else s->truncated++;
    }
    s->received += k;
    if (k > 0) {
      s->batches++;
      s->control[C_TX_COUNT] = 0;
      s->control[C_RX_COUNT] = k;
      if (!call_js(s, k)) break;
      if (s->closing) break;
      uint32_t answers = s->control[C_TX_COUNT];
      s->control[C_TX_COUNT] = 0;
      if (answers > 0) send_answers(s, answers);
    }
    if (n < s->batch) break;  // drained: wait for the next readiness
  }
  napi_close_handle_scope(s->env, scope);
}

static void free_sock(sock_t *s) {
  free(s->rx_msgs);
  free(s->tx_msgs);
  free(s->rx_iov);
  free(s->tx_iov);
  free(s->rx_names);
  free(s->tx_names);
  free(s->rx_ctrl);
  free(s->tx_ctrl);
  free(s->q_data);
  free(s->q_meta);
  free(s);
}

static void on_closed(uv_handle_t *handle) {
  sock_t *s = handle->data;
  // Only now may the environment finish tearing down (and a worker unload this library,
  // which holds this very callback).
  napi_remove_async_cleanup_hook(s->cleanup_hook);
  if (--s->owners == 0) free_sock(s);
}

// The JS handle was collected. If the socket is still open it keeps serving until the
// environment goes away (like a node:dgram socket nobody holds).
static void finalize_external(napi_env env, void *data, void *hint) {
  sock_t *s = data;
  if (--s->owners == 0) free_sock(s);
}

// Stops polling, closes the fd now (the port is free on return) and the poll handle later.
static void shut(sock_t *s) {
  s->closing = 1;
  uv_poll_stop(&s->poll);
  close(s->fd);
  s->q_len = 0;
  uv_close((uv_handle_t *)&s->poll, on_closed);
}

// The environment (main thread or a worker) is going away with the socket still open: close it
// so the port is freed and the handle does not outlive its loop. JS is gone: no napi calls.
// Asynchronous: Node waits for on_closed to remove the hook before it goes on.
static void on_env_cleanup(napi_async_cleanup_hook_handle hook, void *data) {
  sock_t *s = data;
  if (!s->closing) shut(s);
}

static void release(sock_t *s) {
  napi_env env = s->env;
  napi_delete_reference(env, s->callback_ref);
  napi_delete_reference(env, s->buffer_ref);
  napi_async_destroy(env, s->async_ctx);
  shut(s);
}

static int get_int(napi_env env, napi_value v, int *out) { return napi_get_value_int32(env, v, out) == napi_ok; }

static int parse_address(int family, const char *text, int port, struct sockaddr_in6 *out, socklen_t *len) {
  memset(out, 0, sizeof *out);
  if (family == 4) {
    struct sockaddr_in *a = (struct sockaddr_in *)out;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    *len = sizeof *a;
    return inet_pton(AF_INET, text, &a->sin_addr) == 1;
  }
  out->sin6_family = AF_INET6;
  out->sin6_port = htons((uint16_t)port);
  *len = sizeof *out;
  return inet_pton(AF_INET6, text, &out->sin6_addr) == 1;
}

static int alloc_rings(sock_t *s) {
  int b = s->batch;
  s->rx_msgs = calloc(b, sizeof(struct mmsghdr));
  s->tx_msgs = calloc(b, sizeof(struct mmsghdr));
  s->rx_iov = calloc(b, sizeof(struct iovec));
  s->tx_iov = calloc(b, sizeof(struct iovec));
  s->rx_names = calloc(b, sizeof(struct sockaddr_in6));
  s->tx_names = calloc(b, sizeof(struct sockaddr_in6));
  s->rx_ctrl = calloc(b, CMSG_BUF);
  s->tx_ctrl = calloc(b, CMSG_BUF);
  s->q_data = calloc(s->queue_limit, s->buffer_size);
  s->q_meta = calloc(s->queue_limit, META_SIZE);
  return s->rx_msgs && s->tx_msgs && s->rx_iov && s->tx_iov && s->rx_names && s->tx_names && s->rx_ctrl &&
         s->tx_ctrl && s->q_data && s->q_meta;
}

static napi_value set_num(napi_env env, napi_value obj, const char *key, double v) {
  napi_value n;
  napi_create_double(env, v, &n);
  napi_set_named_property(env, obj, key, n);
  return obj;
}

// open(family, address, port, batch, bufferSize, reusePort, maxBatches, queueLimit, onBatch,
//      receiveBufferSize, sendBufferSize): the last two are SO_RCVBUF / SO_SNDBUF, 0 = the default.
static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int family, port, batch, buffer_size, max_batches, queue_limit, rcvbuf, sndbuf;
  bool reuse = false;
  char address[64];
  size_t address_len;
  napi_valuetype fn_type;
  if (argc < 11 || !get_int(env, argv[0], &family) || !get_int(env, argv[9], &rcvbuf) || !get_int(env, argv[10], &sndbuf) || !get_int(env, argv[2], &port) ||
      !get_int(env, argv[3], &batch) || !get_int(env, argv[4], &buffer_size) ||
      !get_int(env, argv[6], &max_batches) || !get_int(env, argv[7], &queue_limit) ||
      napi_get_value_bool(env, argv[5], &reuse) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], address, sizeof address, &address_len) != napi_ok ||
      napi_typeof(env, argv[8], &fn_type) != napi_ok || fn_type != napi_function) {
    throw_code(env, "EINVAL",
               "open(family, address, port, batch, bufferSize, reusePort, maxBatches, queueLimit, onBatch, rcvbuf, sndbuf)");
    return NULL;
  }
  if ((family != 4 && family != 6) || port < 0 || port > 65535 || batch < 1 || batch > 1024 || buffer_size < 512 ||
      buffer_size > 65536 || max_batches < 1 || queue_limit < 1 || rcvbuf < 0 || sndbuf < 0) {
    throw_code(env, "EINVAL", "option out of range");
    return NULL;
  }
  struct sockaddr_in6 bind_addr;
  socklen_t bind_len;
  if (!parse_address(family, address, port, &bind_addr, &bind_len)) {
    throw_code(env, "BAD_ADDRESS", "not an address of the socket's family");
    return NULL;
  }
  int fd = socket(family == 4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw_errno(env, errno, "socket");
    return NULL;
  }
  int one = 1;
  int ok = family == 4 ? setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one)
                       : (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) ||
                          setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof one));
  if (ok == 0 && reuse) ok = setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  if (ok == 0 && rcvbuf > 0) ok = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  if (ok == 0 && sndbuf > 0) ok = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  if (ok != 0 || bind(fd, (struct sockaddr *)&bind_addr, bind_len) != 0) {
    int err = errno;
    close(fd);
    throw_errno(env, err, ok != 0 ? "setsockopt" : "bind");
    return NULL;
  }
  struct sockaddr_in6 bound;
  socklen_t bound_len = sizeof bound;
  getsockname(fd, (struct sockaddr *)&bound, &bound_len);
  int bound_port = ntohs(bound.sin6_port);  // sin_port sits at the same offset

  sock_t *s = calloc(1, sizeof *s);
  s->env = env;
  s->fd = fd;
  s->family = family;
  s->batch = batch;
  s->buffer_size = buffer_size;
  s->max_batches = max_batches;
  s->queue_limit = queue_limit;
  s->owners = 2;
  if (!alloc_rings(s)) {
    close(fd);
    free_sock(s);
    throw_code(env, "ENOMEM", "out of memory for the rings");
    return NULL;
  }
  size_t data = (size_t)batch * buffer_size, meta = (size_t)batch * META_SIZE;
  s->rx_data_off = 0;
  s->tx_data_off = data;
  s->rx_meta_off = 2 * data;
  s->tx_meta_off = 2 * data + meta;
  s->control_off = 2 * data + 2 * meta;
  s->mem_size = s->control_off + CONTROL_SIZE;
  // JS owns the memory (a plain ArrayBuffer); the reference keeps it alive while the socket is open.
  napi_value buffer;
  void *mem;
  napi_create_arraybuffer(env, s->mem_size, &mem, &buffer);
  s->mem = mem;
  memset(s->mem, 0, s->mem_size);
  s->rx_meta = s->mem + s->rx_meta_off;
  s->tx_meta = s->mem + s->tx_meta_off;
  s->control = (uint32_t *)(s->mem + s->control_off);
  napi_create_reference(env, buffer, 1, &s->buffer_ref);
  napi_create_reference(env, argv[8], 1, &s->callback_ref);
  napi_value resource, name;
  napi_create_object(env, &resource);
  napi_create_string_utf8(env, "dnsteer.BatchUdp", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, resource, name, &s->async_ctx);
  for (int i = 0; i < batch; i++) {
    s->rx_iov[i].iov_base = s->mem + s->rx_data_off + (size_t)i * buffer_size;
    s->rx_iov[i].iov_len = buffer_size;
    s->rx_msgs[i].msg_hdr.msg_iov = &s->rx_iov[i];
    s->rx_msgs[i].msg_hdr.msg_iovlen = 1;
    s->rx_msgs[i].msg_hdr.msg_name = &s->rx_names[i];
    s->rx_msgs[i].msg_hdr.msg_control = s->rx_ctrl + (size_t)i * CMSG_BUF;
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
  set_num(env, out, "port", bound_port);
  set_num(env, out, "rxMeta", (double)s->rx_meta_off);
  set_num(env, out, "txMeta", (double)s->tx_meta_off);
  set_num(env, out, "txData", (double)s->tx_data_off);
  set_num(env, out, "control", (double)s->control_off);
  return out;
}

static sock_t *get_sock(napi_env env, napi_callback_info info, napi_value *argv, size_t want) {
  size_t argc = want;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *data = NULL;
  if (argc < 1 || napi_get_value_external(env, argv[0], &data) != napi_ok) {
    throw_code(env, "EINVAL", "not a socket handle");
    return NULL;
  }
  return data;
}

// flush(handle): sends the tx entries the control word counts (answers written outside a batch).
static napi_value js_flush(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sock_t *s = get_sock(env, info, argv, 1);
  if (s == NULL) return NULL;
  if (s->closing) {
    throw_code(env, "CLOSED", "socket is closed");
    return NULL;
  }
  uint32_t answers = s->control[C_TX_COUNT];
  s->control[C_TX_COUNT] = 0;
  if (answers > 0) send_answers(s, answers);
  return NULL;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sock_t *s = get_sock(env, info, argv, 1);
  if (s != NULL && !s->closing) release(s);
  return NULL;
}

static napi_value js_stats(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sock_t *s = get_sock(env, info, argv, 1);
  if (s == NULL) return NULL;
  napi_value out;
  napi_create_object(env, &out);
  set_num(env, out, "received", s->received);
  set_num(env, out, "batches", s->batches);
  set_num(env, out, "sent", s->sent);
  set_num(env, out, "queued", s->queued);
  set_num(env, out, "queueLength", s->q_len);
  set_num(env, out, "dropped", s->dropped);
  set_num(env, out, "sendErrors", s->send_errors);
  set_num(env, out, "truncated", s->truncated);
  set_num(env, out, "receiveErrors", s->recv_errors);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"flush", NULL, js_flush, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
      {"stats", NULL, js_stats, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
