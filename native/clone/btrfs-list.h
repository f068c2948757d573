// Every subvolume of a btrfs filesystem, read from its root tree with the ioctls `btrfs subvolume list` uses.
#pragma once
#include <node_api.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cowshed {

struct SubvolRow {
  uint64_t id = 0, gen = 0, ogen = 0, top = 0, dirid = 0, flags = 0;
  int64_t otimeSec = 0;
  uint32_t otimeNsec = 0;
  unsigned char uuid[16] = {}, parentUuid[16] = {}, receivedUuid[16] = {};
  bool hasItem = false, hasRef = false;
  std::string name;  // name in the directory it is linked from (ROOT_BACKREF)
};

/**
 * The top level (id 5) and every linked subvolume of the filesystem `fd` is on, with full paths from the top
 * level (the top level's is ""). Needs CAP_SYS_ADMIN (TREE_SEARCH, INO_LOOKUP), like `btrfs subvolume list`.
 * Subvolumes being deleted (no back reference, or a parent that is gone) are left out, as btrfs-progs does.
 * Returns 0 or an errno; `failedOp` names the ioctl that failed.
 */
int listSubvolumes(int fd, std::vector<SubvolRow>& rows, std::vector<std::string>& paths, const char*& failedOp);

/** JS: btrfsSubvolumes(path) → Promise of the rows in columns, as described at the top of btrfs-list.cc. */
napi_value BtrfsSubvolumes(napi_env env, napi_callback_info info);

/** JS (tests): btrfsIsoTime(sec, nsec) → the creation time text the list writes, or null for "no time". */
napi_value BtrfsIsoTime(napi_env env, napi_callback_info info);

}  // namespace cowshed
