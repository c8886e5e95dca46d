#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bandstation::tools {

// A small streaming JSON writer with fixed decimals for numbers, so that "1.90" stays 1.90 and
// never becomes 1.8999999999999999. Commas are placed automatically.
class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(double number, int decimals); // non-finite numbers are written as null
    JsonWriter& value(long long number);
    JsonWriter& value(int number) { return value(static_cast<long long>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();

    const std::string& str() const { return out_; }

private:
    void separate();

    std::string out_;
    std::vector<bool> first_; // per open container: nothing written in it yet
    bool afterKey_ = false;
};

} // namespace bandstation::tools
