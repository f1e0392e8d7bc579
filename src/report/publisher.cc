#include "report/publisher.h"

#include <set>
#include <utility>

namespace infra_flash {
namespace {

bool IsBad(StageStatus status) {
  return status == StageStatus::kFailed || status == StageStatus::kBlocked;
}

// A key per failed or blocked cell: "L" layer NUL stage, or "C" check index.
std::set<std::string> BadCells(const Dashboard& dashboard) {
  std::set<std::string> cells;
  for (const LayerRow& layer : dashboard.layers) {
    for (Stage stage : kStages) {
      if (IsBad(layer.Cell(stage).status)) {
        cells.insert("L" + layer.name + '\0' + std::to_string(static_cast<int>(stage)));
      }
    }
  }
  for (std::size_t i = 0; i < dashboard.checks.size(); ++i) {
    if (IsBad(dashboard.checks[i].cell.status)) cells.insert("C" + std::to_string(i));
  }
  return cells;
}

// True when `next` tells the reader something to act on that `shown` did not.
bool HasNews(const Dashboard& next, const std::optional<Dashboard>& shown) {
  if (!shown) return true;
  if (next.next_step.command != shown->next_step.command ||
      next.next_step.text != shown->next_step.text) {
    return true;
  }
  const std::set<std::string> before = BadCells(*shown);
  for (const std::string& cell : BadCells(next)) {
    if (before.count(cell) == 0) return true;
  }
  return false;
}

}  // namespace

DashboardPublisher::DashboardPublisher(DashboardSink& sink, NowFunction now,
                                       PublisherOptions options)
    : sink_(sink), now_(std::move(now)), options_(options) {
  if (options_.background == BackgroundFlush::kOn) {
    background_ = std::thread([this] { RunBackground(); });
  }
}

DashboardPublisher::~DashboardPublisher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (background_.joinable()) background_.join();
  // Errors cannot be reported from here; callers who care call Flush() themselves.
  (void)Flush();
}

Status DashboardPublisher::Update(const Dashboard& dashboard) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_is_news_ = pending_is_news_ || HasNews(dashboard, last_written_);
    pending_ = dashboard;
  }
  return WriteIfDue(Timing::kWhenDue);
}

Status DashboardPublisher::Poll() { return WriteIfDue(Timing::kWhenDue); }

Status DashboardPublisher::Flush() { return WriteIfDue(Timing::kNow); }

bool DashboardPublisher::HasPending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_.has_value();
}

int DashboardPublisher::writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return writes_;
}

Status DashboardPublisher::WriteIfDue(Timing timing) {
  std::lock_guard<std::mutex> write_lock(write_mutex_);
  std::optional<Dashboard> dashboard;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!pending_) return Ok();
    const auto now = now_();
    const auto wait = pending_is_news_ ? options_.min_interval : options_.progress_interval;
    if (timing == Timing::kWhenDue && last_write_ && now - *last_write_ < wait) return Ok();
    dashboard = std::move(pending_);
    pending_.reset();
    pending_is_news_ = false;
    // Counted from the attempt: a failing sink is not hammered either.
    last_write_ = now;
  }
  Status status = sink_.Publish(*dashboard);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!status.ok()) {
    // Keep it for the next try, unless a newer state arrived meanwhile.
    if (!pending_) pending_ = std::move(dashboard);
    pending_is_news_ = true;  // the reader has not seen it: do not wait long
    return status;
  }
  last_written_ = std::move(dashboard);
  ++writes_;
  return Ok();
}

void DashboardPublisher::RunBackground() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, options_.min_interval);
    if (stopping_) break;
    lock.unlock();
    (void)Poll();  // a failure stays pending; Flush reports it
    lock.lock();
  }
}

}  // namespace infra_flash
