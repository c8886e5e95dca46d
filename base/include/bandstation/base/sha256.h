#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace bandstation::base {

// SHA-256 (FIPS 180-4) of `data`, as 32 bytes or 64 lowercase hex digits. Used to store API tokens
// hashed: tokens are 256-bit random secrets, so a plain hash is the right tool (no password
// stretching needed).
std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256Hex(std::string_view data);

std::string toHex(const std::uint8_t* data, std::size_t size);

} // namespace bandstation::base
