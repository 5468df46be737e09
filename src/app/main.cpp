#include "app/cli.h"

int main(int argc, char** argv) {
  return ispcloud::app::RunCli(argc, argv);
}
