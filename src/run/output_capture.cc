#include "run/output_capture.h"

#include <algorithm>

namespace infra_flash {
namespace {

constexpr std::string_view kAddMask = "::add-mask::";
// An ::add-mask:: line longer than this is not a secret anyone can use; it is dropped
// rather than buffered without bound.
constexpr std::size_t kMaxLineBytes = 64 * 1024;

}  // namespace

OutputCapture::OutputCapture(std::size_t head_bytes, std::size_t tail_bytes)
    : head_limit_(head_bytes), tail_limit_(tail_bytes) {}

void OutputCapture::Append(std::string_view data) {
  total_ += data.size();
  ScanLines(data);
  const std::size_t to_head = std::min(data.size(), head_limit_ - head_.size());
  head_.append(data.substr(0, to_head));
  data.remove_prefix(to_head);
  if (data.empty() || tail_limit_ == 0) return;
  tail_.append(data);
  if (tail_.size() > 2 * tail_limit_) tail_.erase(0, tail_.size() - tail_limit_);
}

void OutputCapture::ScanLines(std::string_view data) {
  while (!data.empty()) {
    const std::size_t newline = data.find('\n');
    const std::string_view piece = data.substr(0, newline);
    if (!line_overflow_) {
      line_.append(piece);
      if (line_.size() > kMaxLineBytes) {
        line_.clear();
        line_overflow_ = true;
      }
    }
    if (newline == std::string_view::npos) return;
    if (!line_overflow_ && line_.find(kAddMask) != std::string::npos) mask_lines_.push_back(line_);
    line_.clear();
    line_overflow_ = false;
    data.remove_prefix(newline + 1);
  }
}

std::string OutputCapture::Text() const {
  std::string_view tail(tail_);
  if (tail.size() > tail_limit_) tail.remove_prefix(tail.size() - tail_limit_);
  if (head_.size() + tail.size() == total_) return head_ + std::string(tail);
  // Cut at line boundaries so that no half line (and no half secret) is shown.
  std::string_view head(head_);
  if (std::size_t last = head.rfind('\n'); last != std::string_view::npos) {
    head = head.substr(0, last + 1);
  }
  if (std::size_t first = tail.find('\n'); first != std::string_view::npos) {
    tail.remove_prefix(first + 1);
  }
  const std::size_t omitted = total_ - head.size() - tail.size();
  std::string text(head);
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += "… " + std::to_string(omitted) + " bytes omitted …\n";
  text += tail;
  return text;
}

}  // namespace infra_flash
