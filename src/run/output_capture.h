// run/output_capture: a child's output kept within a size budget. A plan that prints
// megabytes must not exhaust memory, yet both ends matter: the head says what ran,
// the tail says how it ended. So the first `head_bytes` and the last `tail_bytes`
// are kept, with a line saying how much was left out between them. Lines carrying
// `::add-mask::` are noted as they stream by, so a secret announced in the part
// that is left out is still masked everywhere else.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace infra_flash {

inline constexpr std::size_t kDefaultHeadBytes = 256 * 1024;
inline constexpr std::size_t kDefaultTailBytes = 256 * 1024;

class OutputCapture {
 public:
  OutputCapture(std::size_t head_bytes = kDefaultHeadBytes,
                std::size_t tail_bytes = kDefaultTailBytes);

  void Append(std::string_view data);

  // Everything when it fits; otherwise the head up to its last complete line, the
  // line "… N bytes omitted …", and the tail from its first complete line.
  std::string Text() const;
  std::size_t total_bytes() const { return total_; }
  // The lines seen that contain "::add-mask::" (whole, without the newline).
  const std::vector<std::string>& mask_lines() const { return mask_lines_; }

 private:
  void ScanLines(std::string_view data);

  std::size_t head_limit_;
  std::size_t tail_limit_;
  std::size_t total_ = 0;
  std::string head_;
  std::string tail_;  // may hold up to twice tail_limit_ between trims
  std::string line_;  // the current unfinished line, for ::add-mask:: detection
  bool line_overflow_ = false;
  std::vector<std::string> mask_lines_;
};

}  // namespace infra_flash
