{
  "targets": [
    {
      "target_name": "log_scan",
      "sources": ["log_scan.c", "sha256_pair.c", "sha256_x16.c"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra"],
      "include_dirs": ["<(node_root_dir)/include/node/openssl"]
    }
  ]
}
