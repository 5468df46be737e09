#include "domain/tmf/events.h"

namespace ispcloud::domain::tmf {

asio::awaitable<Status> RecordChange(storage::Tx& tx, const ResourceChange& change) {
  // The outbox writer goes here (issue 6, event hub): one row per entry of change.events.
  co_return Ok();
}

}  // namespace ispcloud::domain::tmf
