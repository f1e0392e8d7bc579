// types: the parts of GitHub's REST answers that infra-flash reads, as plain structs.
// Field names follow GitHub's; absent or null fields read as empty / zero.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/permission.h"

namespace infra_flash {

struct IssueComment {
  std::int64_t id = 0;
  std::string body;
  std::string user_login;
  std::string created_at;  // ISO 8601, as GitHub sends it
  std::string html_url;
};

// An issue (not a pull request), as the drift scan keeps its report in one.
struct Issue {
  std::int64_t number = 0;
  std::string title;
  std::string body;
  std::string state;  // "open" | "closed"
  std::string user_login;
  std::string html_url;
};

struct IssueDraft {
  std::string title;
  std::string body;
  std::vector<std::string> labels;
};

struct PullRequest {
  std::int64_t number = 0;
  std::string state;  // "open" | "closed"
  std::string title;
  std::string user_login;
  bool draft = false;
  bool merged = false;
  std::optional<bool> mergeable;  // null while GitHub computes it
  std::string mergeable_state;    // "clean", "blocked", "dirty", ...
  std::string head_sha;
  std::string head_ref;
  std::string head_repository;  // "owner/name"; differs from base for fork PRs
  std::string base_sha;
  std::string base_ref;
  std::string base_repository;
  std::int64_t changed_files = 0;
  std::string html_url;
};

struct PullRequestFile {
  std::string filename;
  std::string previous_filename;  // renames only: the old path, which is changed too
  std::string status;             // "added", "modified", "removed", "renamed", ...
};

// GitHub lists at most this many files of a pull request, silently.
inline constexpr std::int64_t kPullRequestFilesCap = 3000;

// GitHub's compare API lists at most this many files, silently.
inline constexpr std::int64_t kCompareFilesCap = 300;

enum class Completeness { kComplete, kTruncated };

struct PullRequestFiles {
  std::vector<PullRequestFile> files;
  // kTruncated when GitHub's cap hid files: the flow must diff the checkout instead.
  Completeness completeness = Completeness::kComplete;
};

// How the compare API relates two commits (base...head), and the files between them.
struct CommitComparison {
  // Where head stands relative to base: "ahead", "behind", "diverged" or "identical".
  std::string status;
  std::int64_t ahead_by = 0;   // commits in head that base lacks
  std::int64_t behind_by = 0;  // commits in base that head lacks
  PullRequestFiles files;
};

// One user in one team, as the team-membership API answers.
enum class TeamMembership {
  kActive,     // a member
  kPending,    // invited, not yet accepted: not a member
  kNotMember,  // 404: not a member (or a team the token cannot see)
  kHidden,     // 401/403: the token may not read the organization's teams
};

struct Review {
  std::int64_t id = 0;
  std::string user_login;
  std::string state;      // "APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", ...
  std::string commit_id;  // the head the review was given on
  std::string submitted_at;
};

// Permission (and its names) is common/permission.h.

// The eight reactions GitHub offers.
enum class Reaction { kPlusOne, kMinusOne, kLaugh, kConfused, kHeart, kHooray, kRocket, kEyes };
const char* ReactionContent(Reaction reaction);  // "+1", "eyes", ...

struct GitRef {
  std::string ref;   // "refs/infra-flash/locks/platform"
  std::string sha;   // the object it points at
  std::string type;  // that object's type: "commit", "tag" (an annotated tag), ...
};

// An annotated tag object (git/tags): what `refs/tags/<tag>` points at when the tag
// carries a message.
struct TagObject {
  std::string sha;          // the tag object's own SHA
  std::string tag;          // "v1.4.3"
  std::string message;      // as created
  std::string object_sha;   // what it tags (a commit)
  std::string object_type;  // "commit"
};

struct ReleaseRequest {
  std::string tag;   // existing tag, "v1.5.0"
  std::string name;  // title; empty: the tag
  std::string body;  // markdown
};

struct Release {
  std::int64_t id = 0;
  std::string tag;
  std::string html_url;
};

enum class RefCreation { kCreated, kAlreadyExists };
enum class RefUpdate { kFastForwardOnly, kForce };
// Deleting what is already gone is not an error: the goal state is reached.
enum class Removal { kRemoved, kAlreadyGone };

}  // namespace infra_flash
