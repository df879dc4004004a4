// PLACEHOLDER: the CLI is written in this change.
int main() { return 0; }
