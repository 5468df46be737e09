#pragma once
// Rows of bss_service_providers (migrations/sqlite/0010).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace ispcloud::storage::bss {

struct ServiceProviderRow {
  int64_t spid = 0;
  std::string name;
  std::string currency;
  int64_t currency_exponent = 2;
  std::string settings;  // JSON object text
  std::string created_at;
  std::string updated_at;
};

// Inserts a provider; an existing SPID fails with kConflict / kDbUniqueViolation.
asio::awaitable<Status> InsertServiceProvider(Tx& tx, const ServiceProviderRow& row);

// The provider, or nullopt.
asio::awaitable<Result<std::optional<ServiceProviderRow>>> FindServiceProvider(Tx& tx,
                                                                               int64_t spid);

// Replaces the settings (JSON object text) of `spid`; kNotFound when there is no such provider.
asio::awaitable<Status> UpdateServiceProviderSettings(Tx& tx, int64_t spid,
                                                      const std::string& settings,
                                                      const std::string& updated_at);

// Every provider, by SPID.
asio::awaitable<Result<std::vector<ServiceProviderRow>>> ListServiceProviders(Tx& tx);

}  // namespace ispcloud::storage::bss
