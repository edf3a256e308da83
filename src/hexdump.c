#include "config.h"
#include "hexdump.h"
