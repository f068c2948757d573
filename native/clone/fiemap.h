// FIEMAP: how much of a file's data shares blocks with other files (reflinks, snapshots).
#pragma once
#include <cstdint>
#include <string>

namespace cowshed {

struct ExtentSummary {
  uint64_t size = 0, extents = 0, total = 0, shared = 0, inlineBytes = 0;
};

/** Walk every extent of `path` (after syncing its dirty data); 0 or errno. */
int fiemapSummary(const std::string& path, ExtentSummary& out);

}  // namespace cowshed
