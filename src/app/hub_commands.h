#pragma once
// CLI commands of the event hub: hub subscribe, hub list, hub unsubscribe. They let an operator
// subscribe the ISP's own systems (a mailer, a CRM) to topics that have no subscription API of
// their own, such as the Plume events (topic "plume", tenant = partner id), and manage every
// subscription made through the TMF hub endpoints.

#include <CLI/CLI.hpp>
#include <string>

#include "app/commands.h"

namespace ispcloud::app {

// Option storage of the hub commands; must outlive parsing.
struct HubFlags {
  std::string topic;     // --topic
  std::string tenant;    // --tenant
  std::string callback;  // --callback
  std::string query;     // --query
  std::string id;        // --id
};

// Adds the commands to `cli`; each sets `rc` to its exit code when it runs.
void AddHubCommands(CLI::App& cli, CommonFlags& flags, HubFlags& hub_flags, int& rc);

}  // namespace ispcloud::app
