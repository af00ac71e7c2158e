{
  "targets": [
    {
      "target_name": "dnsteer_udp",
      "sources": ["native/batch_udp.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8"]
    }
  ]
}
