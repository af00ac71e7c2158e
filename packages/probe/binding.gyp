{
  "targets": [
    {
      "target_name": "dnsteer_raw_probe",
      "sources": ["native/raw_probe.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8"]
    }
  ]
}
