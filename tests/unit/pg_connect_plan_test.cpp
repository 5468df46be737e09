// Splitting a PostgreSQL URL into the hosts the driver tries one at a time.

#include "storage/postgres/pg_connect_plan.h"

#include <gtest/gtest.h>

namespace ispcloud::storage::pg {
namespace {

TEST(PgConnectPlan, OneHostAndTheDefaultTimeout) {
  auto plan = PlanConnect("postgresql://u:secret@db1:5433/ispcloud");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->targets.size(), 1u);
  EXPECT_EQ(plan->targets[0].host, "db1");
  EXPECT_EQ(plan->targets[0].port, "5433");
  EXPECT_EQ(plan->timeout, kDefaultConnectTimeout);
}

TEST(PgConnectPlan, SeveralHostsInOrderWithTheirPorts) {
  auto plan =
      PlanConnect("postgresql://u@db1:5432,db2:5433/x?target_session_attrs=read-write&"
                  "connect_timeout=7");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->targets.size(), 2u);
  EXPECT_EQ(plan->targets[0].host, "db1");
  EXPECT_EQ(plan->targets[0].port, "5432");
  EXPECT_EQ(plan->targets[1].host, "db2");
  EXPECT_EQ(plan->targets[1].port, "5433");
  EXPECT_EQ(plan->timeout, std::chrono::seconds(7));
}

TEST(PgConnectPlan, OnePortServesEveryHostAndKeyValueFormsWork) {
  auto plan = PlanConnect("host=a,b,c hostaddr=10.0.0.1,10.0.0.2,10.0.0.3 port=6000 dbname=x");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->targets.size(), 3u);
  EXPECT_EQ(plan->targets[2].host, "c");
  EXPECT_EQ(plan->targets[2].hostaddr, "10.0.0.3");
  EXPECT_EQ(plan->targets[2].port, "6000");
}

TEST(PgConnectPlan, NoHostLeavesTheChoiceToLibpq) {
  auto plan = PlanConnect("postgresql:///ispcloud");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->targets.size(), 1u);
  EXPECT_EQ(plan->targets[0].host, "");
  EXPECT_EQ(plan->targets[0].hostaddr, "");
}

TEST(PgConnectPlan, TimeoutsFollowLibpq) {
  auto none = PlanConnect("postgresql://db1/x?connect_timeout=0");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->timeout, std::chrono::seconds(0));
  auto short_one = PlanConnect("postgresql://db1/x?connect_timeout=1");
  ASSERT_TRUE(short_one.ok());
  EXPECT_EQ(short_one->timeout, std::chrono::seconds(2));
}

TEST(PgConnectPlan, MismatchedListsAndBadValuesAreRefusedWithoutQuotingTheUrl) {
  for (const char* bad : {"postgresql://u:hunter2@db1,db2/x?port=1,2,3",
                          "host=a,b hostaddr=10.0.0.1 password=hunter2",
                          "postgresql://u:hunter2@db1/x?connect_timeout=soon",
                          "postgresql://u:hunter2@db1/x?connect_timeout=-3",
                          "postgresql://u:hunter2@db1/x?nonsense=1"}) {
    auto plan = PlanConnect(bad);
    ASSERT_FALSE(plan.ok()) << bad;
    EXPECT_EQ(plan.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(plan.error().message.find("hunter2"), std::string::npos) << plan.error().message;
  }
}

}  // namespace
}  // namespace ispcloud::storage::pg
